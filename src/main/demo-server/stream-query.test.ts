import { describe, expect, it } from 'vitest'
import { parseStreamQuery } from './stream-query'

const parse = (q: string) => parseStreamQuery(new URLSearchParams(q))

describe('parseStreamQuery', () => {
  it('reads every parameter', () => {
    const r = parse('interval=100&event=tick,tock&payload=json&bytes=10&ids=1&retry=2000&heartbeat=0.5&limit=5&lastEventId=9')
    expect(r).toEqual({
      ok: true,
      query: {
        overrides: { intervalMs: 100, eventTypes: ['tick', 'tock'], payload: 'json', payloadBytes: 10, ids: true, heartbeatSec: 0.5 },
        retryMs: 2000,
        limit: 5,
        lastEventId: '9',
        ignored: []
      }
    })
  })

  it('has no overrides for a bare /stream, and reads ids, retry and event spellings', () => {
    expect(parse('')).toEqual({ ok: true, query: { overrides: {}, limit: null, lastEventId: null, ignored: [] } })
    expect(parse('ids').ok && parse('ids')).toMatchObject({ query: { overrides: { ids: true } } })
    expect(parse('ids=off')).toMatchObject({ query: { overrides: { ids: false } } })
    expect(parse('retry=none')).toMatchObject({ query: { retryMs: null } })
    expect(parse('event=')).toMatchObject({ query: { overrides: { eventTypes: [] } } })
  })

  it('tolerates unknown parameters but names them', () => {
    expect(parse('_=123&intreval=5')).toMatchObject({ ok: true, query: { overrides: {}, ignored: ['_', 'intreval'] } })
  })

  it.each([
    ['interval=0', /interval="0".*>=1/],
    ['interval=abc', /interval="abc": expected a whole number/],
    ['interval=1.5', /whole number/],
    ['payload=xml', /payload="xml"/],
    ['ids=maybe', /ids="maybe": expected 1 or 0/],
    ['retry=-1', /retry="-1"/],
    ['heartbeat=x', /heartbeat="x"/],
    ['limit=0', /limit="0": expected 1 or more/],
    ['bytes=99999999999', /bytes=/]
  ])('rejects %s with a message', (q, message) => {
    const r = parse(q)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toMatch(message)
    expect(!r.ok && r.error).toMatch(/^Bad query parameter/)
  })
})
