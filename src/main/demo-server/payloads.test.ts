import { describe, expect, it } from 'vitest'
import { eventTypeFor, makePayload } from './payloads'

const now = Date.UTC(2024, 0, 2, 3, 4, 5, 678)

describe('payloads', () => {
  it('makes the classic Date#toString timestamp', () => {
    expect(makePayload('timestamp', 1, 0, now)).toBe(new Date(now).toString())
  })

  it('makes counters, JSON with the send time, and multi-line text', () => {
    expect(makePayload('counter', 42, 0, now)).toBe('42')
    expect(JSON.parse(makePayload('json', 3, 0, now))).toEqual({ seq: 3, time: '2024-01-02T03:04:05.678Z', t: now })
    expect(makePayload('multiline', 5, 0, now).split('\n')).toHaveLength(3)
  })

  it('makes text of exactly N bytes', () => {
    for (const n of [0, 1, 3, 64, 1000, 100_000]) expect(Buffer.byteLength(makePayload('text', 12, n, now))).toBe(n)
    expect(makePayload('text', 12, 10, now).startsWith('12 ')).toBe(true)
  })

  it('rotates event types by event number, so replays keep their type', () => {
    expect([1, 2, 3, 4].map((n) => eventTypeFor(['a', 'b', 'c'], n))).toEqual(['a', 'b', 'c', 'a'])
    expect(eventTypeFor(['only'], 9)).toBe('only')
    expect(eventTypeFor([], 1)).toBeUndefined()
  })
})
