import { afterEach, describe, expect, it } from 'vitest'
import { failureActionSchema } from '../../shared/server-config'
import { INVALID_UTF8_BYTES } from './failures'
import { ids, openStream, request, startServer, stopAll, sync } from './test-helpers'

afterEach(stopAll)

describe('failure injection', () => {
  it('drops every connection now (a reset, or a clean end when graceful)', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 20 } })
    const reasons: string[] = []
    server.onClientEvent((e) => e.reason && reasons.push(e.reason))
    const a = await openStream(stream)
    const b = await openStream(stream)
    await a.nextEvents(2)
    await b.nextEvents(2)
    server.inject({ type: 'drop' })
    expect(await a.ended).toEqual({ aborted: true })
    expect(await b.ended).toEqual({ aborted: true })
    expect(reasons).toEqual(['dropped by injection', 'dropped by injection'])
    expect(server.status().clients).toEqual([])

    const c = await openStream(stream)
    await c.nextEvents(2)
    server.inject({ type: 'drop', graceful: true })
    expect(await c.ended).toEqual({ aborted: false })
  })

  it('drops only the client it targets', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 20 } })
    const a = await openStream(stream)
    const b = await openStream(stream)
    await a.nextEvents(2)
    const target = server.status().clients[0]?.id
    server.inject({ type: 'drop', clientId: target })
    await a.ended
    await b.nextEvents(2)
    clock.advance(60)
    await b.nextEvents(5)
  })

  it('closes each connection, current and new, after N events, until cleared', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 10 } })
    const a = await openStream(stream)
    clock.advance(10)
    await a.nextEvents(3)
    server.inject({ type: 'close-after', events: 4 })
    expect(server.status().failures?.closeAfter).toBe(4)
    // a whole second's worth of ticks: the stream must end after the fourth
    clock.advance(1000)
    await a.ended
    expect(a.events).toHaveLength(3 + 4)
    const b = await openStream(stream)
    // the event every new client gets at once is the first of its four
    clock.advance(30)
    await b.ended
    expect(b.events.filter((e) => e.event !== 'connecttime')).toHaveLength(4)
    server.inject({ type: 'close-after', events: null })
    const c = await openStream(stream)
    clock.advance(1000)
    await c.nextEvents(102)
    c.close()
  })

  it('answers the next K connections with a status, then serves normally', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 10 } })
    server.inject({ type: 'status', status: 500, count: 2 })
    server.inject({ type: 'status', status: 204 })
    server.inject({ type: 'status', status: 404 })
    expect(server.status().failures?.pending.map((p) => [p.detail, p.remaining])).toEqual([
      ['HTTP 500', 2],
      ['HTTP 204', 1],
      ['HTTP 404', 1]
    ])
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await request(stream))
    expect(answers.map((a) => a.status)).toEqual([500, 500, 204, 404])
    expect(answers[0]?.body).toContain('Injected failure: HTTP 500')
    expect(answers[2]?.body).toBe('')
    expect(answers.every((a) => a.headers['access-control-allow-origin'] === '*')).toBe(true)
    const ok = await openStream(stream)
    expect(ok.status).toBe(200)
    await ok.nextEvents(2)
  })

  it('serves the next connection with a wrong Content-Type', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 10 } })
    server.inject({ type: 'content-type' })
    const wrong = await openStream(stream)
    expect(wrong.headers['content-type']).toBe('text/plain')
    server.inject({ type: 'content-type', contentType: 'application/json' })
    expect((await openStream(stream)).headers['content-type']).toBe('application/json')
    expect((await openStream(stream)).headers['content-type']).toBe('text/event-stream')
  })

  it('delays headers of the next connection', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 10 } })
    server.inject({ type: 'delay-headers', ms: 1000 })
    let connected = 0
    server.onClientEvent((e) => e.type === 'connect' && connected++)
    const timers = clock.pending()
    const slow = openStream(stream)
    // the request has arrived once the server arms the delay
    await clock.until(() => clock.pending() > timers)
    clock.advance(999)
    expect(connected).toBe(0)
    clock.advance(1)
    expect(connected).toBe(1)
    await (await slow).nextEvents(2)
    const at = clock.now()
    await (await openStream(stream)).nextEvents(1)
    expect(clock.now()).toBe(at)
    expect(connected).toBe(2)
  })

  it('stalls every stream with the socket open, then resumes without a gap', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 10, ids: true, heartbeatSec: 0.02 } })
    const a = await openStream(stream)
    clock.advance(20)
    await a.until(() => ids(a.events).length >= 3 && a.comments.length === 1, 'events and a heartbeat')
    server.inject({ type: 'stall' })
    expect(server.status().failures?.stalled).toBe(true)
    const late = await openStream(stream)
    await sync(server, a, late)
    const frozen = a.text().length
    clock.advance(200)
    await sync(server, a, late)
    // nothing between the two markers: no event, no heartbeat
    expect(a.text().slice(frozen)).toMatch(/^: sync \d+\n$/)
    expect(late.events.map((e) => e.event)).toEqual(['connecttime'])
    expect(server.status().clients).toHaveLength(2)

    server.inject({ type: 'unstall' })
    clock.advance(50)
    await a.until(() => ids(a.events).length >= 8, 'events after the stall')
    const got = ids(a.events)
    expect(got.every((id, i) => i === 0 || id === (got[i - 1] ?? 0) + 1)).toBe(true)
    await late.until(() => ids(late.events).length >= 2, 'the late client to start')
  })

  it('stalls and resumes clients with their own schedule too', async () => {
    const { server, clock, stream } = await startServer()
    server.inject({ type: 'stall' })
    const s = await openStream(`${stream}?interval=10`)
    clock.advance(100)
    await sync(server, s)
    expect(s.events).toHaveLength(1)
    server.inject({ type: 'clear' })
    expect(server.status().failures).toEqual({ stalled: false, closeAfter: null, pending: [] })
    clock.advance(20)
    await s.nextEvents(4)
  })

  it('sends a malformed line, which parsers ignore, and the stream goes on', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 20 } })
    const s = await openStream(stream)
    await s.nextEvents(2)
    server.inject({ type: 'malformed' })
    await s.until(() => s.text().includes('this line has no field name and no colon\n'), 'the malformed line')
    server.inject({ type: 'malformed', line: 'data without a space or a blank line' })
    await s.until(() => s.text().includes('data without a space or a blank line\n'), 'the custom line')
    clock.advance(40)
    await s.nextEvents(4)
  })

  it('sends invalid UTF-8 bytes', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 1000 } })
    const s = await openStream(stream)
    await s.nextEvents(2)
    server.inject({ type: 'invalid-utf8' })
    await s.until(() => s.bytes().includes(INVALID_UTF8_BYTES), 'the invalid bytes')
    expect(s.bytes().toString('utf8')).toContain('\uFFFD')
    expect(s.events.at(-1)?.data.startsWith('invalid UTF-8 follows: ')).toBe(true)
  })

  it('sends an oversized event of N bytes', async () => {
    const { server, stream } = await startServer({ config: { intervalMs: 1000 } })
    const s = await openStream(stream)
    await s.nextEvents(2)
    server.inject({ type: 'oversized', bytes: 5_000_000 })
    await s.until(() => s.events.some((e) => e.data.length === 5_000_000), 'the 5 MB event')
    expect(server.status().clients).toHaveLength(1)
  })

  it('rejects invalid actions with a readable message', async () => {
    const { server } = await startServer()
    expect(() => server.inject({ type: 'status', status: 200 })).toThrow(/Invalid failure action: status/)
    expect(() => server.inject({ type: 'nope' } as never)).toThrow(/Invalid failure action/)
    expect(failureActionSchema.parse({ type: 'status', status: 503 })).toEqual({ type: 'status', status: 503, count: 1 })
  })
})

describe('a delayed request whose client gives up', () => {
  it('is forgotten, and never counted as a client', async () => {
    const { server, clock, stream } = await startServer()
    const events: string[] = []
    server.onClientEvent((e) => events.push(e.type))
    server.inject({ type: 'delay-headers', ms: 300 })
    const http = await import('node:http')
    const timers = clock.pending()
    const req = http.get(stream, { agent: false })
    req.on('error', () => {})
    await clock.until(() => clock.pending() > timers)
    req.destroy()
    // the server lets the delay go when it sees the request close
    await clock.until(() => clock.pending() === timers)
    clock.advance(400)
    expect(events).toEqual([])
    expect(server.status().clients).toEqual([])
  })
})
