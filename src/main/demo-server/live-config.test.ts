import { afterEach, describe, expect, it } from 'vitest'
import { ids, openStream, sleep, startServer, stopAll } from './test-helpers'

afterEach(stopAll)

describe('configure() applies to connected clients without reconnecting them', () => {
  it('changes the interval live', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 1000 } })
    const s = await openStream(stream)
    await s.nextEvents(2)
    server.configure({ intervalMs: 10 })
    const before = Date.now()
    // ten more events would take ten seconds on the old interval
    await s.nextEvents(12, 5000)
    expect(Date.now() - before).toBeLessThan(5000)
    expect(server.status().config.intervalMs).toBe(10)
    expect(server.status().clients).toHaveLength(1)
  })

  it('sends plain, fixed-name and rotating event types', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 10, payload: 'counter' } })
    const s = await openStream(stream)
    await s.nextEvents(3)
    server.configure({ eventTypes: ['tick'] })
    await s.until(() => s.events.some((e) => e.event === 'tick'), 'a tick event')
    server.configure({ eventTypes: ['a', 'b', 'c'] })
    await s.until(() => s.events.filter((e) => e.event === 'c').length >= 2, 'two rotations')
    const rotating = s.events.filter((e) => e.event === 'a' || e.event === 'b' || e.event === 'c')
    for (const e of rotating) expect(e.event).toBe(['a', 'b', 'c'][(Number(e.data) - 1) % 3])
    expect(s.events.slice(1, 3).every((e) => e.event === undefined)).toBe(true)
  })

  it('switches payloads: counter, JSON, sized text, multi-line', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 10, payload: 'counter' } })
    const s = await openStream(stream)
    await s.until(() => s.events.length >= 3, 'counter events')
    expect(s.events.slice(1).every((e) => /^\d+$/.test(e.data))).toBe(true)

    server.configure({ payload: 'json' })
    await s.until(() => s.events.some((e) => e.data.startsWith('{')), 'a JSON event')
    const json = JSON.parse(s.events.find((e) => e.data.startsWith('{'))?.data ?? '{}') as { seq: number; t: number }
    expect(json.seq).toBeGreaterThan(0)
    expect(Math.abs(Date.now() - json.t)).toBeLessThan(5000)

    server.configure({ payload: 'text', payloadBytes: 300 })
    await s.until(() => s.events.some((e) => e.data.length === 300), 'a 300-byte event')

    server.configure({ payload: 'multiline' })
    await s.until(() => s.events.some((e) => e.data.split('\n').length === 3), 'a multi-line event')
  })

  it('turns ids on and off', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 10 } })
    const s = await openStream(stream)
    await s.nextEvents(3)
    expect(ids(s.events)).toEqual([])
    server.configure({ ids: true })
    await s.until(() => ids(s.events).length >= 3, 'events with ids')
    const got = ids(s.events)
    for (let i = 1; i < got.length; i++) expect(got[i]).toBe((got[i - 1] ?? 0) + 1)
    server.configure({ ids: false })
    const count = s.events.length
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
    const { server, stream } = await startServer({ config: { intervalMs: 60_000 } })
    const s = await openStream(stream)
    await s.nextEvents(2)
    server.configure({ heartbeatSec: 0.05 })
    await s.until(() => s.comments.filter((c) => c.trim() === 'heartbeat').length >= 3, 'three heartbeats', 2000)
    server.configure({ heartbeatSec: 0 })
    await sleep(50) // one may already be on its way
    const n = s.comments.length
    await sleep(250)
    expect(s.comments.length).toBe(n)
  })

  it('rejects an invalid patch with a readable message and keeps the old config', async () => {
    const { server } = await startServer()
    expect(() => server.configure({ intervalMs: 0 })).toThrow(/intervalMs/)
    expect(() => server.configure({ eventTypes: ['a\nb'] })).toThrow(/line breaks/)
    expect(server.status().config.intervalMs).toBe(1000)
  })

  it('can be configured while stopped, and starts with that config', async () => {
    const { server } = await startServer()
    await server.stop()
    server.configure({ intervalMs: 20, ids: true })
    const status = await server.start()
    const s = await openStream(status.url ?? '')
    await s.until(() => ids(s.events).length >= 3, 'ids after restart')
  })
})

describe('fan-out', () => {
  it('sends clients of the shared schedule the same event bytes', async () => {
    const { stream } = await startServer({ config: { intervalMs: 20, ids: true, payload: 'json' } })
    const a = await openStream(stream)
    const b = await openStream(stream)
    await a.until(() => ids(a.events).length >= 6, 'events on a')
    await b.until(() => ids(b.events).length >= 6, 'events on b')
    const byId = new Map(a.events.map((e) => [e.id, e.data]))
    const common = b.events.filter((e) => e.id !== undefined && byId.has(e.id))
    expect(common.length).toBeGreaterThanOrEqual(4)
    for (const e of common) expect(e.data).toBe(byId.get(e.id))
  })
})
