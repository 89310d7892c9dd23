import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { DemoServer, PortBusyError } from './demo-server'
import { clientEvent, openStream, request, startServer, stopAll } from './test-helpers'

afterEach(stopAll)

const DATE = String.raw`[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT[+-]\d{4} \([^)]+\)`

describe('the classic demo on /stream', () => {
  it('sends the classic headers, retry, connecttime, an event at once and one a second', async () => {
    const { server, clock, stream } = await startServer()
    const s = await openStream(stream)
    expect(s.status).toBe(200)
    expect(s.headers['content-type']).toBe('text/event-stream')
    expect(s.headers['cache-control']).toBe('no-cache')
    expect(s.headers.connection).toBe('keep-alive')
    expect(s.headers['access-control-allow-origin']).toBe('*')

    // the first event comes with the connection, before any time passes
    await s.nextEvents(2)
    const sent = (): number | undefined => server.status().clients[0]?.eventsSent
    expect(sent()).toBe(1)
    clock.advance(999)
    expect(sent()).toBe(1)
    clock.advance(1)
    expect(sent()).toBe(2)
    await s.nextEvents(3)

    const wire = new RegExp(`^retry: 10000\nevent: connecttime\ndata: ${DATE}\n\ndata: ${DATE}\n\ndata: ${DATE}\n\n$`)
    expect(s.text()).toMatch(wire)
    expect(s.events.map((e) => e.event)).toEqual(['connecttime', undefined, undefined])
    expect(s.retries).toEqual([10000])
    s.close()
  })

  it('keeps credentials a client puts in the query string out of its log', async () => {
    const { stream, logs, server } = await startServer()
    const connected = clientEvent(server, (e) => e.type === 'connect')
    const s = await openStream(`${stream}?access_token=tok-secret-123&interval=50&jwt=jwt-secret-789`)
    await connected
    expect(logs.some((l) => l.includes('connected'))).toBe(true)
    server.inject({ type: 'status', status: 503 })
    const refused = await request(`${stream}?api_key=key-secret-456`)
    expect(refused.status).toBe(503)
    s.close()
    const text = logs.join('\n')
    expect(text).not.toMatch(/tok-secret-123|key-secret-456|jwt-secret-789/)
    expect(text).toContain('access_token=%5Bredacted%5D&interval=50&jwt=%5Bredacted%5D')
    expect(text).toContain('api_key=%5Bredacted%5D')
  })

  it('answers CORS preflight for any origin, Last-Event-ID and private network access included', async () => {
    const { stream } = await startServer()
    const res = await request(stream, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://example.com',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'last-event-id, x-custom',
        'Access-Control-Request-Private-Network': 'true'
      }
    })
    expect(res.status).toBe(204)
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(res.headers['access-control-allow-methods']).toContain('GET')
    expect(res.headers['access-control-allow-headers']).toBe('last-event-id, x-custom')
    expect(res.headers['access-control-allow-private-network']).toBe('true')
  })

  it('lists Last-Event-ID among allowed headers when the preflight names none', async () => {
    const { stream } = await startServer()
    const res = await request(stream, { method: 'OPTIONS', headers: { Origin: 'https://example.com' } })
    expect(res.headers['access-control-allow-headers']).toContain('Last-Event-ID')
  })

  it('answers other paths with a short 404, / with help, and other methods on /stream with 405', async () => {
    const { origin } = await startServer()
    const missing = await request(`${origin}/nope`)
    expect(missing.status).toBe(404)
    expect(missing.body).toContain('/stream')
    expect(missing.body.length).toBeLessThan(200)
    const help = await request(`${origin}/`)
    expect(help.status).toBe(200)
    expect(help.body).toContain('/stream')
    expect(help.body).toContain('/_control')
    const post = await request(`${origin}/stream`, { method: 'POST', body: 'x' })
    expect(post.status).toBe(405)
    expect(post.headers.allow).toContain('GET')
  })

  it('splits data containing CR, LF and CRLF into several data lines', async () => {
    const { stream } = await startServer({ config: { payload: 'multiline', intervalMs: 50 } })
    const s = await openStream(stream)
    const [, first] = await s.nextEvents(2)
    expect(first?.data.split('\n')).toHaveLength(3)
    expect(s.text()).toMatch(/data: event 1\ndata: sent at \S+\ndata: three lines, one data: field each\n\n/)
    // every kind of line break is covered at the wire level in sse-format.test.ts
    s.close()
  })
})

describe('lifecycle', () => {
  it('stop() ends every stream and frees the port at once, and is idempotent', async () => {
    const { server, stream } = await startServer()
    const a = await openStream(stream)
    const b = await openStream(stream)
    await a.nextEvents(2)
    await b.nextEvents(2)
    const port = server.status().port
    const stopped = await server.stop()
    expect(stopped.running).toBe(false)
    expect(stopped.clients).toEqual([])
    await Promise.all([a.ended, b.ended])
    await server.stop()

    const again = new DemoServer({ port: port ?? 0 })
    await expect(again.start()).resolves.toMatchObject({ running: true, port })
    await again.stop()
  })

  it('can be started again after a stop', async () => {
    const { server } = await startServer()
    await server.stop()
    const status = await server.start()
    expect(status.running).toBe(true)
    const s = await openStream(status.url ?? '')
    await s.nextEvents(2)
    s.close()
  })

  it('rejects a busy port with PortBusyError saying who holds it and what to do', async () => {
    const first = await startServer()
    const port = first.server.status().port ?? 0
    const second = new DemoServer({ port })
    const err = await second.start().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PortBusyError)
    const busy = err as PortBusyError
    expect(busy.port).toBe(port)
    expect(busy.hostname).toBe('127.0.0.1')
    expect(busy.message).toContain(String(port))
    expect(busy.message).toContain('another SSE Inspector')
    expect(busy.message).toContain('--port 0')
    expect(second.status()).toMatchObject({ running: false, error: busy.message })
  })

  it('describes a busy port held by something that is not an SSE Inspector', async () => {
    const blocker = net.createServer((socket) => socket.end('not http at all\r\n\r\n'))
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as net.AddressInfo).port
    try {
      const err = await new DemoServer({ port }).start().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(PortBusyError)
      expect((err as Error).message).toMatch(/does not speak HTTP|another process/)
      expect((err as Error).message).not.toContain('SSE Inspector')
    } finally {
      blocker.close()
    }
  })

  it('refuses a non-loopback host unless allowed', async () => {
    await expect(new DemoServer({ hostname: '0.0.0.0', port: 0 }).start()).rejects.toThrow(/--allow-remote/)
    const open = new DemoServer({ hostname: '0.0.0.0', port: 0, allowNonLoopback: true })
    await expect(open.start()).resolves.toMatchObject({ running: true })
    await open.stop()
  })

  it('reports clients with address, user agent, Last-Event-ID and events sent, and pushes changes', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 20, ids: true } })
    const pushed: number[] = []
    const off = server.onStatus((s) => pushed.push(s.clients.length))
    const clientEvents: string[] = []
    server.onClientEvent((e) => clientEvents.push(`${e.type}:${e.client.id}${e.reason ? `:${e.reason}` : ''}`))

    const s = await openStream(stream, { 'User-Agent': 'test-agent/1', 'Last-Event-ID': '0' })
    // the first event at once, then one per 20 ms; status pushes are held back to one per 250 ms
    clock.advance(100)
    await s.nextEvents(7)
    const info = server.status().clients[0]
    expect(info).toMatchObject({ remoteAddress: '127.0.0.1', userAgent: 'test-agent/1', lastEventId: '0', eventsSent: 6 })
    expect(pushed).toEqual([1])
    const status = server.status()
    // 6 events in the meter's 2 s window
    expect(status.eventsPerSecond).toBe(3)
    expect(status.bytesPerSecond).toBeGreaterThan(status.eventsPerSecond)

    const gone = clientEvent(server, (e) => e.type === 'disconnect')
    s.close()
    await gone
    expect(clientEvents).toEqual(['connect:1', 'disconnect:1:client disconnected'])
    clock.advance(250)
    expect(pushed.at(-1)).toBe(0)
    off()
  })

  it('pushes status at most about four times a second', async () => {
    const { server, clock, stream } = await startServer({ config: { intervalMs: 1 } })
    const times: number[] = []
    server.onStatus(() => times.push(clock.now()))
    const s = await openStream(stream)
    const start = clock.now()
    // a thousand events, each a change worth telling
    clock.advance(1100)
    s.close()
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0))
    expect(times[0]).toBe(start + 1)
    expect(gaps).toEqual([250, 250, 250, 250])
  })
})

describe('overlapping calls', () => {
  it('binds once when start() is called twice at once, and stop() waits for a start in progress', async () => {
    const server = new DemoServer({ port: 0 })
    const [a, b] = await Promise.all([server.start(), server.start()])
    expect(a.port).toBe(b.port)
    await server.stop()
    const starting = server.start()
    const stopped = await server.stop()
    expect(stopped.running).toBe(false)
    expect((await starting).running).toBe(true)
  })
})
