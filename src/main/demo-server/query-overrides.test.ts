import { afterEach, describe, expect, it } from 'vitest'
import { clientEvent, ids, openStream, request, startServer, stopAll, sync } from './test-helpers'

afterEach(stopAll)

describe('per-connection scenarios through the query string', () => {
  it('serves a different scenario to one client while others keep the global one', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 1000 } })
    const plain = await openStream(stream)
    const own = await openStream(`${stream}?interval=10&event=tick&ids=1&payload=json&retry=2000`)
    clock.advance(90)
    await own.nextEvents(11)
    await sync(server, plain)
    expect(own.text().startsWith('retry: 2000\nevent: connecttime\n')).toBe(true)
    const ticks = own.events.slice(1)
    expect(ticks.every((e) => e.event === 'tick')).toBe(true)
    expect(ids(ticks)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(JSON.parse(ticks[0]?.data ?? '').seq).toBe(1)
    // the plain client is still on the one-second default: nothing since its first event
    expect(plain.events).toHaveLength(2)
    expect(plain.events.slice(1).every((e) => e.event === undefined && e.id === undefined)).toBe(true)
    expect(server.status().clients.map((c) => c.query)).toEqual(['', 'interval=10&event=tick&ids=1&payload=json&retry=2000'])
  })

  it('keeps following global changes for what the query did not pin', async () => {
    const { server, clock, stream } = await startServer()
    const s = await openStream(`${stream}?interval=10&payload=counter`)
    clock.advance(10)
    await s.nextEvents(3)
    server.configure({ eventTypes: ['global'], intervalMs: 5000 })
    clock.advance(30)
    await s.until(() => s.events.filter((e) => e.event === 'global').length >= 3, 'global event names at 10 ms')
  })

  it('does not send a live retry change to a client that chose its own retry', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 20 } })
    const own = await openStream(`${stream}?retry=1234`)
    const shared = await openStream(stream)
    await own.nextEvents(2)
    server.configure({ retryMs: 777 })
    await shared.until(() => shared.retries.includes(777), 'retry on the shared client')
    clock.advance(40)
    await own.until(() => own.events.length >= 4, 'more events')
    expect(own.retries).toEqual([1234])
  })

  it('ends the stream after limit events', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 10 } })
    const reasons: string[] = []
    server.onClientEvent((e) => e.reason && reasons.push(e.reason))
    const s = await openStream(`${stream}?limit=5`)
    clock.advance(1000)
    expect(await s.ended).toEqual({ aborted: false })
    expect(s.events.filter((e) => e.event !== 'connecttime')).toHaveLength(5)
    expect(reasons).toEqual(['limit of 5 events reached'])
  })

  it('rejects bad values with 400 and a message, and names unknown parameters in a comment', async () => {
    const { stream } = await startServer({ config: { intervalMs: 10 } })
    const bad = await request(`${stream}?interval=0`)
    expect(bad.status).toBe(400)
    expect(bad.body).toMatch(/interval="0"/)
    expect(bad.headers['access-control-allow-origin']).toBe('*')
    const s = await openStream(`${stream}?_=1700000000&intreval=5`)
    await s.until(() => s.comments.some((c) => c.includes('intreval')), 'the ignored-parameter comment')
    expect(s.comments[0]).toContain('_, intreval')
  })

  it('resumes its own numbering from Last-Event-ID', async () => {
    const { clock, stream } = await startServer()
    const s = await openStream(`${stream}?interval=10&ids=1`, { 'Last-Event-ID': '41' })
    clock.advance(20)
    await s.nextEvents(4)
    expect(ids(s.events)).toEqual([42, 43, 44])
  })
})

describe('caps on what a query string may ask for (issue #13 finding 7)', () => {
  const MIB = 1024 * 1024

  it('refuses interval=1&bytes=10000000 with a 400 that names the per-event cap', async () => {
    const { server, stream } = await startServer()
    const res = await request(`${stream}?interval=1&bytes=10000000`)
    expect(res.status).toBe(400)
    expect(res.body).toContain(`at most ${MIB} bytes per event`)
    expect(server.status().clients).toEqual([])
  })

  it('refuses a rate over 1 MiB/s per connection, counting the interval the query left to the config', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 10 } })
    const res = await request(`${stream}?bytes=20000`)
    expect(res.status).toBe(400)
    expect(res.body).toContain('1.91 MiB/s')
    expect(res.body).toContain('at most 1.00 MiB/s per connection')
    expect(server.status().clients).toEqual([])
  })

  it('caps the total across connections at 8 MiB/s, and frees room when one closes', async () => {
    const { server, stream } = await startServer()
    const streams = []
    for (let i = 0; i < 8; i++) streams.push(await openStream(`${stream}?interval=1000&bytes=${MIB}`))
    const ninth = await request(`${stream}?interval=1000&bytes=${MIB}`)
    expect(ninth.status).toBe(400)
    expect(ninth.body).toContain('already take 8.00 MiB/s')
    expect(ninth.body).toContain('cap of 8.00 MiB/s across all connections')
    // a query that pins no rate, and the app's own config, are not counted against the cap
    const plain = await openStream(`${stream}?event=x`)
    expect(server.status().clients).toHaveLength(9)
    const gone = clientEvent(server, (e) => e.type === 'disconnect')
    streams[0]?.close()
    await gone
    const again = await openStream(`${stream}?interval=1000&bytes=${MIB}`)
    expect(server.status().clients).toHaveLength(9)
    again.close()
    plain.close()
  })

  it("lets the app's own configuration ask for more than a query may", async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 1, payload: 'text', payloadBytes: 2 * MIB } })
    const s = await openStream(stream)
    clock.advance(1)
    await s.nextEvents(2)
    expect(s.events[1]?.data.length).toBeGreaterThanOrEqual(2 * MIB - 16)
    expect(server.status().clients).toHaveLength(1)
  })
})
