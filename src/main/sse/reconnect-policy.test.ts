import { describe, expect, it } from 'vitest'
import { BACKOFF_CAP_MS, reconnectDelay } from './reconnect-policy'

describe('reconnectDelay', () => {
  it('spec: always the reconnection time, as EventSource does', () => {
    expect([1, 2, 10].map((n) => reconnectDelay('spec', 3000, n))).toEqual([3000, 3000, 3000])
  })

  it('off: never reconnects', () => {
    expect(reconnectDelay('off', 3000, 1)).toBeNull()
  })

  it('backoff: doubles from the reconnection time with jitter, up to the cap', () => {
    const low = (n: number) => reconnectDelay('backoff', 1000, n, () => 0)
    const high = (n: number) => reconnectDelay('backoff', 1000, n, () => 1)
    expect([1, 2, 3, 4].map(high)).toEqual([1000, 2000, 4000, 8000])
    expect([1, 2, 3, 4].map(low)).toEqual([500, 1000, 2000, 4000])
    expect(high(30)).toBe(BACKOFF_CAP_MS)
  })
})
