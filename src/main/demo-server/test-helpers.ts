/**
 * Real-HTTP helpers for the demo server's tests: a raw SSE client that keeps the exact bytes
 * and parses them with an independent parser, and a way to wait on what arrives. Servers run on
 * a manual clock: schedules move only when a test advances it, and a test waits on what arrives,
 * never on time passing, so a busy machine makes a test slower but never changes its outcome.
 */
import http, { type IncomingHttpHeaders } from 'node:http'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { DemoServer, type ClientEvent, type DemoServerOptions } from './demo-server'
import { manualClock, type ManualClock } from './manual-clock'

export interface TestStream {
  status: number
  headers: IncomingHttpHeaders
  events: EventSourceMessage[]
  comments: string[]
  retries: number[]
  /** Everything received, as bytes. */
  bytes: () => Buffer
  text: () => string
  /**
   * Resolves when `predicate` holds after some data arrived (or already holds). The timeout is
   * only a backstop that turns a hang into a readable failure; no test relies on it.
   */
  until: (predicate: () => boolean, what: string, timeoutMs?: number) => Promise<void>
  /** Resolves with the first `n` events once that many arrived. */
  nextEvents: (n: number, timeoutMs?: number) => Promise<EventSourceMessage[]>
  /** Resolves once the response ended or the connection broke; `aborted` tells which. */
  ended: Promise<{ aborted: boolean }>
  close: () => void
}

export function openStream(url: string, headers: Record<string, string> = {}): Promise<TestStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      const events: EventSourceMessage[] = []
      const comments: string[] = []
      const retries: number[] = []
      const waiters = new Set<() => void>()
      const parser = createParser({
        onEvent: (e) => events.push(e),
        onComment: (c) => comments.push(c),
        onRetry: (r) => retries.push(r)
      })
      const decoder = new TextDecoder()
      let finished = false
      const ended = new Promise<{ aborted: boolean }>((done) => {
        const finish = (aborted: boolean): void => {
          if (finished) return
          finished = true
          done({ aborted })
          for (const w of waiters) w()
        }
        res.on('end', () => finish(false))
        res.on('aborted', () => finish(true))
        res.on('error', () => finish(true))
        res.on('close', () => finish(!res.complete))
      })
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        parser.feed(decoder.decode(chunk, { stream: true }))
        for (const w of waiters) w()
      })
      const stream: TestStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        comments,
        retries,
        bytes: () => Buffer.concat(chunks),
        text: () => Buffer.concat(chunks).toString('utf8'),
        until(predicate, what, timeoutMs = 100_000) {
          return new Promise((ok, fail) => {
            const check = (): void => {
              if (predicate()) {
                cleanup()
                ok()
              } else if (finished) {
                cleanup()
                fail(new Error(`stream ended while waiting for ${what}; got:\n${stream.text().slice(-2000)}`))
              }
            }
            const timer = setTimeout(() => {
              cleanup()
              fail(new Error(`timed out waiting for ${what}; got:\n${stream.text().slice(-2000)}`))
            }, timeoutMs)
            const cleanup = (): void => {
              clearTimeout(timer)
              waiters.delete(check)
            }
            waiters.add(check)
            check()
          })
        },
        async nextEvents(n, timeoutMs) {
          await stream.until(() => events.length >= n, `${n} events`, timeoutMs)
          return events.slice(0, n)
        },
        ended,
        close: () => req.destroy()
      }
      resolve(stream)
    })
    req.on('error', reject)
  })
}

export interface PlainResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (p: Buffer) => parts.push(p))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

export interface Running {
  server: DemoServer
  /** The server's time: nothing scheduled happens until the test advances it. */
  clock: ManualClock
  /** `http://127.0.0.1:PORT` */
  origin: string
  stream: string
  logs: string[]
}

/** A server on a free port; pair with `afterEach(() => stopAll())`. */
const started = new Set<DemoServer>()

export async function startServer(options: DemoServerOptions = {}): Promise<Running> {
  const logs: string[] = []
  // far from zero, so no code can mistake the start of time for "never"
  const clock = manualClock(1_000_000)
  const server = new DemoServer({ port: 0, log: (l) => logs.push(l), clock, ...options })
  started.add(server)
  const status = await server.start()
  const origin = `http://127.0.0.1:${status.port}`
  return { server, clock, origin, stream: `${origin}/stream`, logs }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((s) => s.stop()))
  started.clear()
}

export function ids(events: EventSourceMessage[]): number[] {
  return events.filter((e) => e.id !== undefined).map((e) => Number(e.id))
}

/**
 * The next client event the server reports that matches: how a test learns that the server has
 * seen a connection arrive or go, which puts no byte on the wire that the client could wait for.
 */
export function clientEvent(server: DemoServer, match: (e: ClientEvent) => boolean): Promise<ClientEvent> {
  return new Promise((resolve) => {
    const off = server.onClientEvent((e) => {
      if (!match(e)) return
      off()
      resolve(e)
    })
  })
}

let syncs = 0

/**
 * Writes a comment to every connected client and waits until each stream has it. TCP keeps
 * order, so once it is there, everything the server wrote before it has arrived too: what a
 * stream holds then is exactly what the server sent, with nothing still on its way.
 */
export async function sync(server: DemoServer, ...streams: TestStream[]): Promise<void> {
  const marker = `sync ${++syncs}`
  server.inject({ type: 'malformed', line: `: ${marker}\n` })
  await Promise.all(streams.map((s) => s.until(() => s.comments.some((c) => c.trim() === marker), `the ${marker} comment`)))
}
