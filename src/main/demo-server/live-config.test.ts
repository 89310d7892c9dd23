import { afterEach, describe, expect, it } from 'vitest'
import { ids, openStream, startServer, stopAll, sync } from './test-helpers'

afterEach(stopAll)

describe('configure() applies to connected clients without reconnecting them', () => {
  it('changes the interval live', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 1000 } })
    const s = await openStream(stream)
    await s.nextEvents(2)
    server.configure({ intervalMs: 10 })
    // ten more events would take ten seconds on the old interval
    clock.advance(100)
    await s.nextEvents(12)
    await sync(server, s)
    expect(s.events).toHaveLength(12)
    expect(server.status().config.intervalMs).toBe(10)
    expect(server.status().clients).toHaveLength(1)
  })

  it('sends plain, fixed-name and rotating event types', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 10, payload: 'counter' } })
    const s = await openStream(stream)
    clock.advance(10)
    await s.nextEvents(3)
    server.configure({ eventTypes: ['tick'] })
    clock.advance(10)
    await s.until(() => s.events.some((e) => e.event === 'tick'), 'a tick event')
    server.configure({ eventTypes: ['a', 'b', 'c'] })
    clock.advance(60)
    await s.until(() => s.events.filter((e) => e.event === 'c').length >= 2, 'two rotations')
    const rotating = s.events.filter((e) => e.event === 'a' || e.event === 'b' || e.event === 'c')
    for (const e of rotating) expect(e.event).toBe(['a', 'b', 'c'][(Number(e.data) - 1) % 3])
    expect(s.events.slice(1, 3).every((e) => e.event === undefined)).toBe(true)
  })

  it('switches payloads: counter, JSON, sized text, multi-line', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 10, payload: 'counter' } })
    const s = await openStream(stream)
    clock.advance(10)
    await s.until(() => s.events.length >= 3, 'counter events')
    expect(s.events.slice(1).every((e) => /^\d+$/.test(e.data))).toBe(true)

    server.configure({ payload: 'json' })
    // the JSON payload carries when it was made, in wall-clock time
    const before = Date.now()
    clock.advance(10)
    const after = Date.now()
    await s.until(() => s.events.some((e) => e.data.startsWith('{')), 'a JSON event')
    const json = JSON.parse(s.events.find((e) => e.data.startsWith('{'))?.data ?? '{}') as { seq: number; t: number }
    expect(json.seq).toBe(3)
    expect(json.t).toBeGreaterThanOrEqual(before)
    expect(json.t).toBeLessThanOrEqual(after)

    server.configure({ payload: 'text', payloadBytes: 300 })
    clock.advance(10)
    await s.until(() => s.events.some((e) => e.data.length === 300), 'a 300-byte event')

    server.configure({ payload: 'multiline' })
    clock.advance(10)
    await s.until(() => s.events.some((e) => e.data.split('\n').length === 3), 'a multi-line event')
  })

  it('turns ids on and off', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 10 } })
    const s = await openStream(stream)
    clock.advance(10)
    await s.nextEvents(3)
    expect(ids(s.events)).toEqual([])
    server.configure({ ids: true })
    clock.advance(30)
    await s.until(() => ids(s.events).length >= 3, 'events with ids')
    const got = ids(s.events)
    for (let i = 1; i < got.length; i++) expect(got[i]).toBe((got[i - 1] ?? 0) + 1)
    server.configure({ ids: false })
    const count = s.events.length
    clock.advance(30)
    await s.until(() => s.events.length >= count + 3, 'more events')
    expect(s.events.slice(count + 1).every((e) => e.id === undefined)).toBe(true)
  })

  it('writes a changed retry to connected clients and uses it for new ones', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 50 } })
    const s = await openStream(stream)
    await s.nextEvents(2)
    server.configure({ retryMs: 2500 })
    await s.until(() => s.retries.includes(2500), 'retry 2500')
    expect(s.text()).toContain('\nretry: 2500\n\n')
    const fresh = await openStream(stream)
    await fresh.nextEvents(1)
    expect(fresh.text().startsWith('retry: 2500\nevent: connecttime\n')).toBe(true)

    server.configure({ retryMs: null })
    const none = await openStream(stream)
    await none.nextEvents(1)
    expect(none.text().startsWith('event: connecttime\n')).toBe(true)
  })

  it('sends heartbeat comments every N seconds', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 60_000 } })
    const heartbeats = (): number => s.comments.filter((c) => c.trim() === 'heartbeat').length
    const s = await openStream(stream)
    await s.nextEvents(2)
    server.configure({ heartbeatSec: 0.05 })
    clock.advance(149)
    await sync(server, s)
    expect(heartbeats()).toBe(2)
    clock.advance(1)
    await s.until(() => heartbeats() === 3, 'three heartbeats')
    server.configure({ heartbeatSec: 0 })
    clock.advance(1000)
    await sync(server, s)
    expect(heartbeats()).toBe(3)
  })

  it('rejects an invalid patch with a readable message and keeps the old config', async () => {
    const { server } = await startServer()
    expect(() => server.configure({ intervalMs: 0 })).toThrow(/intervalMs/)
    expect(() => server.configure({ eventTypes: ['a\nb'] })).toThrow(/line breaks/)
    expect(server.status().config.intervalMs).toBe(1000)
  })

  it('can be configured while stopped, and starts with that config', async () => {
    const { server, clock } = await startServer()
    await server.stop()
    server.configure({ intervalMs: 20, ids: true })
    const status = await server.start()
    const s = await openStream(status.url ?? '')
    clock.advance(40)
    await s.until(() => ids(s.events).length >= 3, 'ids after restart')
  })
})

describe('fan-out', () => {
  it('sends clients of the shared schedule the same event bytes', async () => {
    const { clock, stream } = await startServer({ config: { intervalMs: 20, ids: true, payload: 'json' } })
    const a = await openStream(stream)
    const b = await openStream(stream)
    clock.advance(120)
    await a.until(() => ids(a.events).length >= 6, 'events on a')
    await b.until(() => ids(b.events).length >= 6, 'events on b')
    const byId = new Map(a.events.map((e) => [e.id, e.data]))
    const common = b.events.filter((e) => e.id !== undefined && byId.has(e.id))
    expect(common.length).toBeGreaterThanOrEqual(4)
    for (const e of common) expect(e.data).toBe(byId.get(e.id))
  })
})
