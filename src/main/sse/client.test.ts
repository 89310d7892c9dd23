import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../shared/frames'
import { clientHarness, ofKind, virtualTimers } from '../testing/client-harness'
import { SSE_HEADERS } from '../testing/local-server'

const { serve, run, cleanup } = clientHarness()
afterEach(cleanup)

describe('SseClient', () => {
  it('opens, reports status and headers, and delivers events stamped with the connection', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { ...SSE_HEADERS, 'x-demo': 'yes' })
      res.write('event: greet\ndata: hello\nid: 1\n\n')
    })
    const { until, frames } = run({ url: `${server.url}/stream`, now: () => 42 })
    await until((f) => f.some((x) => x.kind === 'event'))
    expect(frames[0]).toMatchObject({ kind: 'connecting', attempt: 0, method: 'GET', connectionId: 'c1', time: 42 })
    expect(ofKind(frames, 'open')[0]).toMatchObject({ status: 200, url: `${server.url}/stream`, headers: { 'x-demo': 'yes' } })
    expect(ofKind(frames, 'event')[0]).toMatchObject({ type: 'greet', data: 'hello', id: '1', lastEventId: '1', connectionId: 'c1' })
    expect(server.requests[0]?.headers.accept).toBe('text/event-stream')
    expect(server.requests[0]?.headers['cache-control']).toBe('no-cache')
  })

  it('sends the method, headers and body the user chose', async () => {
    let body = ''
    const server = await serve((req, res) => {
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        res.writeHead(200, SSE_HEADERS)
        res.write('data: ok\n\n')
      })
    })
    const { until } = run({
      url: server.url,
      method: 'post',
      headers: [
        { name: 'Authorization', value: 'Bearer s3cret' },
        { name: 'Content-Type', value: 'application/json' }
      ],
      body: '{"prompt":"hi"}'
    })
    await until((f) => f.some((x) => x.kind === 'event'))
    const req = server.requests[0]
    expect(req?.method).toBe('POST')
    expect(req?.headers.authorization).toBe('Bearer s3cret')
    expect(req?.headers['content-type']).toBe('application/json')
    expect(body).toBe('{"prompt":"hi"}')
  })

  it('reconnects after the stream ends, waiting the retry time and sending Last-Event-ID as UTF-8', async () => {
    const server = await serve((_req, res, index) => {
      res.writeHead(200, SSE_HEADERS)
      if (index === 0) res.end('retry: 750\nid: café-1\ndata: first\n\n')
      else res.write('data: second\n\n')
    })
    const clock = virtualTimers()
    const { until, frames } = run({ url: server.url, timers: clock.timers })
    await until((f) => ofKind(f, 'event').length === 2)
    const reconnect = ofKind(frames, 'reconnect')[0]
    expect(reconnect).toMatchObject({ delayMs: 750, lastEventId: 'café-1', attempt: 1 })
    expect(clock.waits).toEqual([750])
    expect(ofKind(frames, 'error')[0]).toMatchObject({ fatal: false, message: 'The server ended the stream.' })
    const sent = server.requests[1]?.headers['last-event-id'] as string
    expect(Buffer.from(sent, 'latin1').toString('utf8')).toBe('café-1')
    expect(ofKind(frames, 'connecting')[1]).toMatchObject({ attempt: 1, lastEventId: 'café-1' })
    // The last event ID persists into the new stream's events.
    expect(ofKind(frames, 'event')[1]).toMatchObject({ data: 'second', lastEventId: 'café-1' })
    expect(ofKind(frames, 'event')[1]?.id).toBeUndefined()
  })

  it.each([
    [204, /204 No Content is how a server tells EventSource to stop/],
    [404, /404.*nothing at that path/],
    [500, /500.*only accepts 200.*Body: boom/]
  ])('fails for good on HTTP %i', async (status, message) => {
    const server = await serve((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(status === 204 ? undefined : 'boom')
    })
    const { until, frames } = run({ url: server.url })
    await until((f) => f.some((x) => x.kind === 'close'))
    const error = ofKind(frames, 'error')[0]
    expect(error).toMatchObject({ fatal: true, status })
    expect(error?.message).toMatch(message)
    expect(ofKind(frames, 'reconnect')).toHaveLength(0)
    expect(server.requests).toHaveLength(1)
  })

  // The UI takes a connection's state from its frames alone (renderer store/connection-view.ts),
  // which holds only if no change of state goes without its frame.
  const stateTold = (frame: Frame): string | undefined => {
    switch (frame.kind) {
      case 'connecting':
        return frame.attempt === 0 ? 'connecting' : 'reconnecting'
      case 'open':
        return 'open'
      case 'reconnect':
        return 'reconnecting'
      case 'close':
        return 'closed'
      default:
        return undefined
    }
  }
  it.each([
    ['a fatal status', 'fatal', ['connecting', 'open', 'reconnecting', 'closed']],
    ['a close by the user', 'user', ['connecting', 'open', 'reconnecting', 'open', 'closed']]
  ])('announces every change of state with a frame, through a reconnect and %s', async (_name, ending, expected) => {
    const server = await serve((_req, res, index) => {
      if (index === 1 && ending === 'fatal') {
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end('boom')
        return
      }
      res.writeHead(200, SSE_HEADERS)
      if (index === 0) res.end('retry: 10\ndata: first\n\n')
      else res.write('data: second\n\n')
    })
    const { client, until, frames } = run({ url: server.url })
    const states: string[] = [client.state]
    client.onStateChange((state) => states.push(state))
    await until((f) => f.some((x) => x.kind === 'close' || (x.kind === 'event' && x.data === 'second')))
    if (ending === 'user') client.close()
    const told: string[] = []
    for (const frame of frames) {
      const state = stateTold(frame)
      if (state !== undefined && state !== told.at(-1)) told.push(state)
    }
    expect(states).toEqual(expected)
    expect(told).toEqual(expected)
  })

  it('fails for good when the response is not text/event-stream, whatever the case and parameters', async () => {
    const server = await serve((req, res) => {
      const type = req.url === '/ok' ? 'Text/Event-Stream; charset=utf-8' : 'text/html; charset=utf-8'
      res.writeHead(200, { 'content-type': type })
      res.write(req.url === '/ok' ? 'data: x\n\n' : '<html>')
    })
    const bad = run({ url: `${server.url}/page` })
    await bad.until((f) => f.some((x) => x.kind === 'close'))
    expect(ofKind(bad.frames, 'error')[0]?.message).toMatch(/not an event stream: it has "text\/html; charset=utf-8"/)
    const good = run({ url: `${server.url}/ok` })
    await good.until((f) => f.some((x) => x.kind === 'event'))
    expect(ofKind(good.frames, 'diagnostic')).toHaveLength(0)
  })

  it('says that a charset other than UTF-8 is ignored', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=iso-8859-1' })
      res.write('data: x\n\n')
    })
    const { until, frames } = run({ url: server.url })
    await until((f) => f.some((x) => x.kind === 'event'))
    expect(ofKind(frames, 'diagnostic')[0]).toMatchObject({ code: 'charset-ignored', level: 'warning' })
  })

  it('follows redirects and reports the final URL', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(302, { location: '/new' })
        res.end()
      } else {
        res.writeHead(200, SSE_HEADERS)
        res.write('data: moved\n\n')
      }
    })
    const { until, frames } = run({ url: `${server.url}/old` })
    await until((f) => f.some((x) => x.kind === 'event'))
    expect(ofKind(frames, 'open')[0]?.url).toBe(`${server.url}/new`)
  })

  it('gives up on a redirect loop with a clear message', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(307, { location: '/loop' })
      res.end()
    })
    const { until, frames } = run({ url: `${server.url}/loop` })
    await until((f) => f.some((x) => x.kind === 'close'))
    expect(ofKind(frames, 'error')[0]).toMatchObject({ fatal: true })
    expect(ofKind(frames, 'error')[0]?.message).toMatch(/Too many redirects/)
  })

  it.each([
    ['not a url', /is not a valid URL/],
    ['ftp://example.com/stream', /ftp: URLs are not supported/]
  ])('rejects %s before touching the network', async (url, message) => {
    const { until, frames } = run({ url })
    await until((f) => f.some((x) => x.kind === 'close'))
    expect(frames.map((f) => f.kind)).toEqual(['error', 'close'])
    expect(ofKind(frames, 'error')[0]?.message).toMatch(message)
  })

  it('treats a refused connection as a network error: reconnect per policy, or close when off', async () => {
    const server = await serve(() => {})
    const url = server.url
    await server.close()
    const { until, frames } = run({ url, reconnect: 'off' })
    await until((f) => f.some((x) => x.kind === 'close'))
    expect(ofKind(frames, 'error')[0]).toMatchObject({ fatal: false })
    expect(ofKind(frames, 'error')[0]?.message).toMatch(/ECONNREFUSED/)
    expect(ofKind(frames, 'close')[0]?.reason).toMatch(/Reconnection is off/)
  })

  it('reports a server that dies mid-stream and reconnects', async () => {
    let first: ServerResponse | undefined
    const server = await serve((_req, res, index) => {
      res.writeHead(200, SSE_HEADERS)
      res.write('retry: 10\ndata: one\n\ndata: half')
      if (index === 0) first = res
    })
    const { until, frames } = run({ url: server.url })
    // the server dies once the client is reading: mid-stream, half an event in
    await until((f) => ofKind(f, 'event').length === 1)
    first?.socket?.destroy()
    await until((f) => ofKind(f, 'connecting').length === 2)
    expect(ofKind(frames, 'error')[0]?.message).toMatch(/lost mid-stream|reset|cut short/)
    expect(ofKind(frames, 'diagnostic').map((d) => d.code)).toContain('unfinished-event-discarded')
  })

  it('says when a server accepts but never sends headers, and keeps waiting', async () => {
    const server = await serve(() => {
      // Never answers.
    })
    const { client, until, frames } = run({ url: server.url, slowHeadersMs: 50 })
    await until((f) => f.some((x) => x.kind === 'diagnostic'))
    expect(ofKind(frames, 'diagnostic')[0]).toMatchObject({ code: 'slow-headers', level: 'warning' })
    expect(client.state).toBe('connecting')
    client.close()
    expect(frames.at(-1)).toMatchObject({ kind: 'close' })
  })

  it('reports nothing after close, even from the rest of the chunk being parsed', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.write('data: 1\n\ndata: 2\n\ndata: 3\n\n')
    })
    const { client, frames } = run({ url: server.url }, (frame) => {
      if (frame.kind === 'event') client.close('enough')
    })
    await new Promise<void>((resolve) => client.onStateChange((s) => s === 'closed' && resolve()))
    expect(frames.map((f) => f.kind)).toEqual(['connecting', 'open', 'event', 'close'])
  })

  it('stops cleanly when closed while waiting to reconnect', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('retry: 60000\ndata: x\n\n')
    })
    const { client, until, frames } = run({ url: server.url })
    await until((f) => f.some((x) => x.kind === 'reconnect'))
    client.close()
    expect(frames.at(-1)).toMatchObject({ kind: 'close', reason: 'Closed by the user' })
    expect(client.state).toBe('closed')
    expect(server.requests).toHaveLength(1)
  })

  it('backoff grows while connections end without an event, opened or not, and starts over after an event', async () => {
    const server = await serve((_req, res, index) => {
      res.writeHead(200, SSE_HEADERS)
      // Three streams that open and end empty, one with an event, then empty ones again.
      res.end(index === 3 ? 'retry: 10\ndata: x\n\n' : 'retry: 10\n\n')
    })
    const clock = virtualTimers()
    const { until, frames } = run({ url: server.url, reconnect: 'backoff', random: () => 1, timers: clock.timers })
    await until((f) => ofKind(f, 'reconnect').length >= 6)
    // retry: 10 is under the 500 ms floor; the delays double from there and start over after the event.
    expect(
      ofKind(frames, 'reconnect')
        .map((r) => r.delayMs)
        .slice(0, 6)
    ).toEqual([500, 1000, 2000, 500, 1000, 2000])
  })
})
