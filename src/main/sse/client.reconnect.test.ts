import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReconnectPolicy } from '../../shared/contract'
import type { Frame } from '../../shared/frames'
import { clientHarness, ofKind, virtualTimers } from '../testing/client-harness'
import { SSE_HEADERS, type LocalServer } from '../testing/local-server'
import { EMPTY_STREAMS_BEFORE_WARNING, SseClient } from './client'
import { MAX_TIMER_MS } from './reconnect-scheduler'

const { serve, serveRaw, run, cleanup } = clientHarness()
afterEach(cleanup)

/** Servers that would make a naive client storm them. */
const STORM_SERVERS: Record<string, () => Promise<{ url: string; requests: () => number }>> = {
  'closes at once': async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end()
    })
    return { url: server.url, requests: () => server.requests.length }
  },
  'errors at once': async () => {
    const server = await serveRaw((socket) => socket.destroy())
    return { url: server.url, requests: () => server.sockets.length }
  },
  'sends retry: 0': async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('retry: 0\n\n')
    })
    return { url: server.url, requests: () => server.requests.length }
  },
  'sends a huge retry': async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('retry: 2147483648\ndata: x\n\n')
    })
    return { url: server.url, requests: () => server.requests.length }
  }
}

describe('reconnection timing never storms', () => {
  const cases = Object.keys(STORM_SERVERS).flatMap((server) =>
    (['spec', 'backoff', 'off'] as const).map((policy) => [server, policy] as const)
  )

  it.each(cases)('a server that %s, policy %s: at most 2 requests per second', async (kind, policy: ReconnectPolicy) => {
    const server = await STORM_SERVERS[kind]!()
    const clock = virtualTimers()
    const { client, until } = run({ url: server.url, reconnect: policy, timers: clock.timers, random: () => 0 })
    const target = policy === 'off' ? 1 : 12
    // Each request is followed by an open or an error frame, so the server has counted it by then.
    await until(() => server.requests() >= target)
    if (policy === 'off') await until((f) => f.some((x) => x.kind === 'close'))
    client.close()
    const requests = server.requests()
    expect(requests).toBe(target)
    if (policy === 'off') return
    // Virtual time from the first request to the last: the sum of the waits between them.
    const seconds = clock.now() / 1000
    expect((requests - 1) / seconds).toBeLessThanOrEqual(2)
    expect(clock.waits.every((ms) => ms <= MAX_TIMER_MS)).toBe(true)
  })

  it('waits a retry over 2^31 − 1 ms in full, and the reconnect frame shows that wait', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('retry: 2147483648\ndata: x\n\n')
    })
    const clock = virtualTimers()
    const { until, frames } = run({ url: server.url, timers: clock.timers })
    await until((f) => ofKind(f, 'connecting').length === 2)
    expect(ofKind(frames, 'reconnect')[0]?.delayMs).toBe(2147483648)
    expect(clock.waits).toEqual([MAX_TIMER_MS, 1])
    expect(clock.now()).toBe(2147483648)
  })

  it('says once that retry: 0 is raised to the floor, and warns when the server keeps ending streams empty', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('retry: 0\n\n')
    })
    const clock = virtualTimers()
    const { until, frames } = run({ url: server.url, timers: clock.timers })
    await until((f) => ofKind(f, 'connecting').length >= EMPTY_STREAMS_BEFORE_WARNING * 2)
    expect(ofKind(frames, 'reconnect').every((r) => r.delayMs === 500)).toBe(true)
    const codes = ofKind(frames, 'diagnostic').map((d) => d.code)
    expect(codes.filter((c) => c === 'retry-below-floor')).toHaveLength(1)
    expect(codes.filter((c) => c === 'stream-ends-without-events')).toHaveLength(1)
    const warning = ofKind(frames, 'diagnostic').find((d) => d.code === 'stream-ends-without-events')
    expect(warning?.message).toMatch(/last 3 connections.*without sending a single event.*backoff/)
  })

  it('does not warn about empty streams when each one delivers an event', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('data: x\n\n')
    })
    const clock = virtualTimers()
    const { until, frames } = run({ url: server.url, timers: clock.timers })
    await until((f) => ofKind(f, 'connecting').length >= 5)
    expect(ofKind(frames, 'diagnostic').map((d) => d.code)).not.toContain('stream-ends-without-events')
  })
})

describe('the request as sent', () => {
  it('a user-set Last-Event-ID seeds the first request only; an empty id: clears it as in EventSource', async () => {
    const server = await serve((_req, res, index) => {
      res.writeHead(200, SSE_HEADERS)
      res.end(index === 0 ? 'data: a\n\nid\ndata: b\n\n' : 'data: c\n\n')
    })
    const clock = virtualTimers()
    const { until, frames } = run({ url: server.url, headers: [{ name: 'Last-Event-ID', value: '42' }], timers: clock.timers })
    await until((f) => ofKind(f, 'connecting').length === 2)
    expect(server.requests[0]?.headers['last-event-id']).toBe('42')
    expect(ofKind(frames, 'connecting')[0]).toMatchObject({ lastEventId: '42', headers: { 'last-event-id': '42' } })
    expect(ofKind(frames, 'event').map((e) => e.lastEventId)).toEqual(['42', ''])
    await until(() => server.requests.length === 2)
    expect(server.requests[1]?.headers['last-event-id']).toBeUndefined()
    const second = ofKind(frames, 'connecting')[1]
    expect(second?.lastEventId).toBeUndefined()
    expect(second?.headers).not.toHaveProperty('last-event-id')
  })

  it('the connecting frame lists the method and every header sent, credentials masked', async () => {
    const server: LocalServer = await serve((req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(200, SSE_HEADERS)
        res.end('data: ok\n\n')
      })
    })
    const { until, frames } = run({
      url: `${server.url}/v1/chat`,
      method: 'post',
      headers: [
        { name: 'Authorization', value: 'Bearer sk-abcdefghijklmnop' },
        { name: 'Content-Type', value: 'application/json' }
      ],
      body: '{"q":"é"}',
      reconnect: 'off'
    })
    await until((f) => f.some((x) => x.kind === 'close'))
    const connecting = ofKind(frames, 'connecting')[0]
    expect(connecting?.method).toBe('POST')
    expect(connecting?.headers).toEqual({
      host: `127.0.0.1:${server.port}`,
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
      authorization: 'Bearer ••••••••mnop',
      'content-type': 'application/json',
      'content-length': '10'
    })
    const sent = server.requests[0]?.headers
    for (const [name, value] of Object.entries(connecting?.headers ?? {})) {
      if (name !== 'authorization') expect(sent?.[name]).toBe(value)
    }
    expect(sent?.authorization).toBe('Bearer sk-abcdefghijklmnop')
  })
})

describe('closing from inside a frame callback', () => {
  /** One chunked response whose last chunk and terminator arrive in the same read as its last events. */
  const SCRIPT = ': hello\nretry: 900\nfoo: bar\nid: 1\ndata: one\n\nevent: two\ndata: 2\n\ndata: three\n\ndata: unfinished'
  // Kept alive after the response, so later runs may reuse the socket: answer every request on it.
  const respond = (socket: Socket): void => {
    socket.on('data', () => {
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n' +
          `${Buffer.byteLength(SCRIPT).toString(16)}\r\n${SCRIPT}\r\n0\r\n\r\n`
      )
    })
  }

  it.each(['spec', 'off'] as const)(
    'is safe at every frame of a scripted response (reconnect %s): one run per frame, close is last, nothing after it',
    async (policy) => {
      const server = await serveRaw(respond)
      const whole = run({ url: server.url, reconnect: policy, timers: virtualTimers().timers })
      const all = await whole.until((f) => f.some((x) => x.kind === 'close' || x.kind === 'reconnect'))
      const kinds = all.map((f) => f.kind)
      whole.client.close()
      expect(kinds).toEqual(expect.arrayContaining(['connecting', 'open', 'comment', 'retry', 'diagnostic', 'event', 'error']))

      for (let at = 0; at < kinds.length; at++) {
        const frames: Frame[] = []
        let closed: () => void = () => {}
        const done = new Promise<void>((resolve) => (closed = resolve))
        const clock = virtualTimers()
        // Built here rather than by run(): the first frame comes from inside start().
        const client: SseClient = new SseClient(
          { connectionId: 'c1', url: server.url, reconnect: policy, timers: clock.timers },
          (frame) => {
            frames.push(frame)
            if (frames.length - 1 === at) client.close(`closed at frame ${at}`)
            if (frame.kind === 'close') closed()
          }
        )
        client.start()
        await done
        expect(frames.slice(0, at + 1).map((f) => f.kind)).toEqual(kinds.slice(0, at + 1))
        if (kinds[at] !== 'close') expect(frames.at(-1)).toMatchObject({ kind: 'close', reason: `closed at frame ${at}` })
        // Nothing may arrive later either, from the socket or a reconnection timer.
        await new Promise((resolve) => setImmediate(resolve))
        await new Promise((resolve) => setImmediate(resolve))
        expect(ofKind(frames, 'close')).toHaveLength(1)
        expect(frames.at(-1)?.kind).toBe('close')
        expect(clock.waits).toEqual([])
        expect(client.state).toBe('closed')
      }
    }
  )
})
