import { describe, expect, it } from 'vitest'
import { DEFAULT_SERVER_CONFIG, QUERY_CAPS } from '../../shared/server-config'
import { exceedsQueryCaps, parseStreamQuery, queryBytesPerSecond } from './stream-query'

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

describe('query caps', () => {
  const config = { ...DEFAULT_SERVER_CONFIG, intervalMs: 1000, payloadBytes: 64 }

  it('rates a query in payload bytes per second, taking what it left out from the config', () => {
    expect(queryBytesPerSecond(config, { intervalMs: 1 })).toBe(64_000)
    expect(queryBytesPerSecond(config, { payloadBytes: 500 })).toBe(500)
    expect(queryBytesPerSecond(config, { eventTypes: ['x'] })).toBe(0)
  })

  it('allows up to the caps, and says the cap when over', () => {
    expect(exceedsQueryCaps(QUERY_CAPS.bytesPerSecond, QUERY_CAPS.totalBytesPerSecond - QUERY_CAPS.bytesPerSecond)).toBeNull()
    expect(exceedsQueryCaps(QUERY_CAPS.bytesPerSecond + 1, 0)).toMatch(/at most 1\.00 MiB\/s per connection/)
    expect(exceedsQueryCaps(1, QUERY_CAPS.totalBytesPerSecond)).toMatch(/cap of 8\.00 MiB\/s across all connections/)
  })

  it('refuses more than 1 MiB per event', () => {
    expect(parse(`bytes=${QUERY_CAPS.payloadBytes}`).ok).toBe(true)
    const r = parse(`bytes=${QUERY_CAPS.payloadBytes + 1}`)
    expect(r.ok ? '' : r.error).toMatch(/at most 1048576 bytes per event/)
  })
})
