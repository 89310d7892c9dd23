import { afterEach, describe, expect, it } from 'vitest'
import { ids, openStream, request, startServer, stopAll, sync } from './test-helpers'

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
