import { afterEach, describe, expect, it } from 'vitest'
import { clientEvent, ids, openStream, startServer, stopAll } from './test-helpers'

afterEach(stopAll)

function contiguous(list: number[]): boolean {
  return list.every((id, i) => i === 0 || id === (list[i - 1] ?? 0) + 1)
}

describe('resuming with Last-Event-ID', () => {
  it('replays what a client missed, with no gap and no duplicate', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 5, ids: true, payload: 'counter' } })
    // a second client keeps the shared stream going, as another viewer would
    const other = await openStream(stream)
    const first = await openStream(stream)
    clock.advance(100)
    await first.until(() => ids(first.events).length >= 20, '20 events')
    const gone = clientEvent(server, (e) => e.type === 'disconnect')
    first.close()
    await gone
    expect(server.status().clients).toHaveLength(1)
    const seen = ids(first.events)
    const last = seen.at(-1) ?? 0
    // let the stream move on while this client is away
    clock.advance(150)
    await other.until(() => (ids(other.events).at(-1) ?? 0) >= last + 30, '30 more events elsewhere')

    const again = await openStream(stream, { 'Last-Event-ID': String(last) })
    // what it missed comes back before any more time passes
    await again.until(() => ids(again.events).length >= 30, 'the 30 missed events')
    clock.advance(100)
    await again.until(() => ids(again.events).length >= 50, '50 events after resuming')
    const all = [...seen, ...ids(again.events)]
    expect(contiguous(all)).toBe(true)
    expect(new Set(all).size).toBe(all.length)
    expect(again.comments).toEqual([])
    // data travels with its id: the replayed counter payload is the event number
    expect(again.events.filter((e) => e.id).every((e) => e.data === e.id)).toBe(true)
    expect(server.status().clients.find((c) => c.lastEventId === String(last))).toBeDefined()
  })

  it('accepts lastEventId in the query for clients that cannot set headers', async () => {
    const { clock, stream } = await startServer({ config: { intervalMs: 5, ids: true } })
    const a = await openStream(stream)
    clock.advance(50)
    await a.until(() => ids(a.events).length >= 10, '10 events')
    const b = await openStream(`${stream}?lastEventId=3`)
    clock.advance(50)
    await b.until(() => ids(b.events).length >= 10, '10 events')
    expect(ids(b.events).slice(0, 5)).toEqual([4, 5, 6, 7, 8])
  })

  it('continues seamlessly when the only client comes back (the stream lingers for it)', async () => {
    const { server, clock, stream } = await startServer({
      config: { intervalMs: 5, ids: true, payload: 'json' },
      replayLingerMs: 5000
    })
    const a = await openStream(stream)
    clock.advance(20)
    await a.until(() => ids(a.events).length >= 5, '5 events')
    const gone = clientEvent(server, (e) => e.type === 'disconnect')
    a.close()
    await gone
    const seen = ids(a.events)
    // nobody listening for 100 ms: twenty events nobody received
    clock.advance(100)
    const b = await openStream(stream, { 'Last-Event-ID': String(seen.at(-1)) })
    // the stream went on while it was away, and it gets those events back at once
    await b.until(() => ids(b.events).length >= 20, 'the replayed events')
    clock.advance(25)
    await b.until(() => ids(b.events).length >= 25, 'replay and live events')
    const all = [...seen, ...ids(b.events)]
    expect(contiguous(all)).toBe(true)
  })

  it('says so in a comment when the id is older than the buffer', async () => {
    const { stream, clock } = await startServer({ config: { intervalMs: 2, ids: true }, replayEvents: 10 })
    const a = await openStream(stream)
    clock.advance(60)
    await a.until(() => ids(a.events).length >= 30, '30 events')
    const b = await openStream(stream, { 'Last-Event-ID': '1' })
    await b.until(() => ids(b.events).length >= 10, 'the buffered events')
    const gap = b.comments.find((c) => c.includes('replay gap'))
    expect(gap).toMatch(/replay gap: \d+ event\(s\), ids 2\.\.\d+, are no longer buffered/)
    const from = Number(/ids 2\.\.(\d+)/.exec(gap ?? '')?.[1])
    expect(ids(b.events)[0]).toBe(from + 1)
    expect(contiguous(ids(b.events))).toBe(true)
    expect(b.text().indexOf(': replay gap')).toBeLessThan(b.text().indexOf('\nid: '))
  })

  it('says so when the id is ahead of the stream, or not one of its ids', async () => {
    const { stream, clock } = await startServer({ config: { intervalMs: 5, ids: true } })
    const ahead = await openStream(stream, { 'Last-Event-ID': '999999' })
    clock.advance(5)
    await ahead.until(() => ids(ahead.events).length >= 2, 'events')
    expect(ahead.comments.join()).toMatch(/Last-Event-ID 999999 is ahead of this stream/)
    const odd = await openStream(stream, { 'Last-Event-ID': 'abc' })
    clock.advance(5)
    await odd.until(() => ids(odd.events).length >= 2, 'events')
    expect(odd.comments.join()).toMatch(/"abc" is not an id of this stream/)
  })

  it('keeps ids going across a stop and start, so resumes still work', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 5, ids: true } })
    const a = await openStream(stream)
    clock.advance(20)
    await a.until(() => ids(a.events).length >= 5, '5 events')
    await server.stop()
    const last = ids(a.events).at(-1) ?? 0
    const status = await server.start()
    const b = await openStream(status.url ?? '', { 'Last-Event-ID': String(last) })
    clock.advance(10)
    await b.until(() => ids(b.events).length >= 3, 'events after restart')
    expect(ids(b.events)[0]).toBe(last + 1)
  })
})
