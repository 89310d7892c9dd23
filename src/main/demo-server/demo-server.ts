import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CONTROL_PATH,
  DEFAULT_SERVER_CONFIG,
  DEFAULT_SERVER_HOSTNAME,
  DEFAULT_SERVER_PORT,
  failureActionSchema,
  serverConfigSchema,
  STREAM_PATH,
  type FailureAction,
  type ServerClientInfo,
  type ServerConfig,
  type ServerStatus,
  DEFAULT_TOKENS_PER_SECOND,
  isLlmPayload
} from '../../shared/server-config'
import { realClock, type Clock } from './clock'
import { LlmAnswerStream } from './llm-answer-stream'
import { formatIssues, handleControl, type ParsedControlRequest } from './control-endpoint'
import { EventChannel, type Resume } from './event-channel'
import { FailureState, invalidUtf8Chunk, malformedChunk, oversizedChunk } from './failures'
import { answerPreflight, helpPage, sendText, streamHeaders } from './http-responses'
import { isLoopbackHost } from './loopback'
import { redactUrl } from '../../shared/redact'
import { describePortHolder, PortBusyError } from './port-check'
import { RateMeter } from './rate-meter'
import { StatusNotifier } from './status-notifier'
import { ReplayBuffer } from './replay-buffer'
import { encodeComment, encodeEvent, encodeRetry } from './sse-format'
import { StreamClient } from './stream-client'
import { WireChunk } from './wire-chunk'
import { exceedsQueryCaps, mergeOverrides, parseStreamQuery, queryBytesPerSecond, type StreamQuery } from './stream-query'

export { PortBusyError } from './port-check'

export interface DemoServerOptions {
  /** The name or address to listen on (default 127.0.0.1); beyond loopback only with allowNonLoopback. */
  hostname?: string
  /** 0 picks any free port. */
  port?: number
  config?: Partial<ServerConfig>
  /** Listening beyond loopback exposes an unauthenticated server to the network: opt in explicitly. */
  allowNonLoopback?: boolean
  log?: (line: string) => void
  /** Bytes a client may have queued before it counts as slow. Default 4 MiB. */
  maxBufferedBytes?: number
  /** How long a client may stay over that before it is cut off. Default 2 s. */
  slowClientGraceMs?: number
  /** Events kept for Last-Event-ID resumption. Default 10,000 (and at most 64 MiB). */
  replayEvents?: number
  /** How long the shared stream keeps going after its last client left, so a reconnect has something to resume. */
  replayLingerMs?: number
  /**
   * Time and timers for the schedules, heartbeats, delays, grace periods and rates. The real
   * clock by default; tests pass a manual one. Timestamps in the data (connecttime, payloads)
   * stay wall-clock time.
   */
  clock?: Clock
}

export type ClientEvent = { type: 'connect' | 'disconnect'; client: ServerClientInfo; reason?: string }

interface Connection {
  client: StreamClient
  /** Its own schedule, when it asked for one through the query string. */
  own: { channel: EventChannel; overrides: Partial<ServerConfig> } | null
  /** It asked for its own retry value, so live retry changes are not for it. */
  ownRetry: boolean
  /** An LLM payload: the one answer this request gets, instead of a schedule. */
  answer?: LlmAnswerStream
}

/**
 * The embedded SSE server: by default exactly the classic Node demo on /stream, plus live
 * configuration, per-connection scenarios, resumable ids and injected failures. Plain
 * node:http, so it runs the same inside Electron, in the CLI and in tests.
 */
export class DemoServer {
  private readonly hostname: string
  private readonly requestedPort: number
  private readonly log: (line: string) => void
  private readonly maxBufferedBytes: number
  private readonly slowClientGraceMs: number
  private readonly lingerMs: number
  private readonly clock: Clock
  private config: ServerConfig
  private server: http.Server | null = null
  private starting: Promise<ServerStatus> | null = null
  private port: number | null = null
  private error: string | null = null
  private readonly replay: ReplayBuffer
  private shared: EventChannel
  private readonly connections = new Map<number, Connection>()
  private nextClientId = 1
  private readonly failures = new FailureState()
  private readonly meter: RateMeter
  private readonly notifier: StatusNotifier
  private readonly clientListeners = new Set<(e: ClientEvent) => void>()
  /** Requests held by a delay-headers fault, so stop() can let them go. */
  private readonly delayed = new Set<unknown>()

  constructor(private readonly options: DemoServerOptions = {}) {
    this.hostname = options.hostname ?? DEFAULT_SERVER_HOSTNAME
    this.requestedPort = options.port ?? DEFAULT_SERVER_PORT
    this.log = options.log ?? (() => {})
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024
    this.slowClientGraceMs = options.slowClientGraceMs ?? 2000
    this.lingerMs = options.replayLingerMs ?? 60_000
    this.clock = options.clock ?? realClock
    this.meter = new RateMeter(2000, 100, this.clock.now)
    this.notifier = new StatusNotifier(() => this.status(), 250, this.clock)
    this.config = serverConfigSchema.parse({ ...DEFAULT_SERVER_CONFIG, ...options.config })
    this.replay = new ReplayBuffer(options.replayEvents ?? 10_000)
    this.shared = this.newSharedChannel()
  }

  start(): Promise<ServerStatus> {
    if (this.server) return Promise.resolve(this.status())
    // a second start() while the first is still binding must not bind twice
    this.starting ??= this.listen().finally(() => {
      this.starting = null
    })
    return this.starting
  }

  private async listen(): Promise<ServerStatus> {
    if (!this.options.allowNonLoopback && !isLoopbackHost(this.hostname)) {
      this.error =
        `Refusing to listen on ${this.hostname}: the demo server has no authentication, so it only listens on ` +
        `this machine (127.0.0.1, ::1, localhost). Bind to 127.0.0.1, or allow it with sse-inspector serve --allow-remote.`
      throw new Error(this.error)
    }
    const server = http.createServer({ noDelay: true }, (req, res) => this.route(req, res))
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
      else socket.destroy()
    })
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(this.requestedPort, this.hostname, () => {
          server.off('error', reject)
          resolve()
        })
      })
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      server.close()
      const failure =
        e.code === 'EADDRINUSE'
          ? new PortBusyError(this.requestedPort, this.hostname, await describePortHolder(this.hostname, this.requestedPort))
          : new Error(this.listenError(e))
      this.error = failure.message
      this.log(`demo server: ${failure.message}`)
      this.notifier.emitNow()
      throw failure
    }
    server.on('error', (err) => this.log(`demo server: ${err.message}`))
    this.server = server
    this.port = (server.address() as AddressInfo).port
    this.error = null
    this.log(`demo server: listening on ${this.url()}`)
    this.notifier.emitNow()
    return this.status()
  }

  async stop(): Promise<ServerStatus> {
    if (this.starting) await this.starting.catch(() => undefined)
    const server = this.server
    if (!server) return this.status()
    this.server = null
    for (const timer of this.delayed) this.clock.clearTimeout(timer)
    this.delayed.clear()
    for (const { client } of [...this.connections.values()]) client.end('server stopped')
    this.shared.dispose()
    // ids carry on across a restart, so the replay buffer stays in order and resumes still work
    this.shared = this.newSharedChannel(this.shared.lastSeq)
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    // keep-alive and half-written sockets would otherwise hold the port until they time out
    server.closeAllConnections()
    await closed
    this.log(`demo server: stopped (was on port ${this.port})`)
    this.port = null
    this.meter.reset()
    this.notifier.emitNow()
    return this.status()
  }

  configure(patch: Partial<ServerConfig>): ServerStatus {
    const parsed = serverConfigSchema.partial().safeParse(patch)
    if (!parsed.success) throw new Error(`Invalid server config: ${formatIssues(parsed.error)}`)
    const prev = this.config
    this.config = { ...prev, ...stripUndefined(parsed.data) }
    this.shared.setConfig(this.config)
    for (const { own } of this.connections.values()) own?.channel.setConfig(mergeOverrides(this.config, own.overrides))
    const retry = this.config.retryMs
    if (retry !== null && retry !== prev.retryMs) {
      const chunk = new WireChunk(encodeRetry(retry))
      for (const c of this.connections.values()) if (!c.ownRetry) c.client.write(chunk, 0)
    }
    this.log(`demo server: config ${JSON.stringify(parsed.data)}`)
    this.notifier.changed()
    return this.status()
  }

  inject(action: FailureAction): ServerStatus {
    const parsed = failureActionSchema.safeParse(action)
    if (!parsed.success) throw new Error(`Invalid failure action: ${formatIssues(parsed.error)}`)
    const a = parsed.data
    const targets = (id?: number): StreamClient[] => {
      const all = [...this.connections.values()].map((c) => c.client)
      return id === undefined ? all : all.filter((c) => c.id === id)
    }
    switch (a.type) {
      case 'drop':
        for (const c of targets(a.clientId)) {
          if (a.graceful) c.end('ended by drop injection')
          else c.destroy('dropped by injection')
        }
        break
      case 'close-after':
        this.failures.closeAfter = a.events
        for (const c of targets()) c.armCloseAfter(a.events)
        break
      case 'status':
        this.failures.enqueue({ type: 'status', status: a.status }, a.count)
        break
      case 'content-type':
        this.failures.enqueue({ type: 'content-type', contentType: a.contentType }, a.count)
        break
      case 'delay-headers':
        this.failures.enqueue({ type: 'delay-headers', ms: a.ms }, a.count)
        break
      case 'stall':
      case 'unstall':
        this.setStalled(a.type === 'stall')
        break
      case 'malformed':
        this.writeTo(targets(a.clientId), malformedChunk(a.line), 0)
        break
      case 'invalid-utf8':
        this.writeTo(targets(a.clientId), invalidUtf8Chunk(), 1)
        break
      case 'oversized':
        this.writeTo(targets(a.clientId), oversizedChunk(a.bytes), 1)
        break
      case 'clear':
        this.failures.clear()
        for (const c of targets()) c.armCloseAfter(null)
        this.setStalled(false)
        break
    }
    this.log(`demo server: inject ${JSON.stringify(a)}`)
    this.notifier.changed()
    return this.status()
  }

  status(): ServerStatus {
    const running = this.server !== null
    const rates = this.meter.rates()
    return {
      running,
      host: this.hostname,
      port: this.port,
      url: running ? this.url() : null,
      config: this.config,
      clients: [...this.connections.values()].map((c) => c.client.info()),
      eventsPerSecond: running ? rates.eventsPerSecond : 0,
      bytesPerSecond: running ? rates.bytesPerSecond : 0,
      error: this.error,
      failures: this.failures.snapshot()
    }
  }

  onStatus(listener: (s: ServerStatus) => void): () => void {
    return this.notifier.on(listener)
  }

  onClientEvent(listener: (e: ClientEvent) => void): () => void {
    this.clientListeners.add(listener)
    return () => {
      this.clientListeners.delete(listener)
    }
  }

  private url(): string {
    const host = this.hostname.includes(':') ? `[${this.hostname}]` : this.hostname
    return `http://${host}:${this.port}${STREAM_PATH}`
  }

  private listenError(e: NodeJS.ErrnoException): string {
    if (e.code === 'EACCES')
      return `Not allowed to listen on port ${this.requestedPort}: ports below 1024 need privileges. Use --port N above 1023, or --port 0.`
    if (e.code === 'EADDRNOTAVAIL') return `${this.hostname} is not an address of this machine, so the demo server cannot listen on it.`
    return `The demo server could not listen on ${this.hostname}:${this.requestedPort}: ${e.message}`
  }

  private newSharedChannel(lastSeq = 0): EventChannel {
    return new EventChannel(this.config, {
      replay: this.replay,
      lastSeq,
      lingerMs: this.lingerMs,
      onTick: () => this.notifier.changed(),
      clock: this.clock
    })
  }

  private setStalled(stalled: boolean): void {
    this.failures.stalled = stalled
    this.shared.setStalled(stalled)
    for (const { own, answer } of this.connections.values()) {
      own?.channel.setStalled(stalled)
      answer?.setStalled(stalled)
    }
  }

  private writeTo(clients: StreamClient[], bytes: Buffer, events: number): void {
    const chunk = new WireChunk(bytes)
    for (const c of clients) c.write(chunk, events)
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://localhost')
    } catch {
      return sendText(res, 400, 'Bad request URL.')
    }
    if (url.pathname === CONTROL_PATH) {
      handleControl(req, res, { status: () => this.status(), apply: (r) => this.applyControl(r) }).catch((err: Error) => {
        if (!res.headersSent) sendText(res, 500, err.message)
        else res.destroy()
      })
      return
    }
    if (req.method === 'OPTIONS') return answerPreflight(req, res)
    if (url.pathname === STREAM_PATH) {
      // An LLM answer is asked for with a POST, as real APIs are; its body (the prompt) is ignored.
      const post = req.method === 'POST' && this.answersLlm(url)
      if (req.method !== 'GET' && req.method !== 'HEAD' && !post) {
        return sendText(res, 405, 'The stream answers GET (and POST with payload=openai or payload=anthropic).', {
          Allow: 'GET, HEAD, OPTIONS'
        })
      }
      if (post) req.resume()
      return this.openStream(req, res, url)
    }
    if (url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      return sendText(res, 200, helpPage(`http://${req.headers.host ?? `localhost:${this.port}`}`))
    }
    sendText(res, 404, `Not found: ${url.pathname}. The stream is at ${STREAM_PATH}.`)
  }

  private applyControl(request: ParsedControlRequest): ServerStatus {
    if (request.config) this.configure(stripUndefined(request.config))
    if (request.inject) this.inject(request.inject)
    return this.status()
  }

  private openStream(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const parsed = parseStreamQuery(url.searchParams)
    if (!parsed.ok) return sendText(res, 400, parsed.error)
    const overCap = this.overQueryCaps(parsed.query)
    if (overCap !== null) return sendText(res, 400, overCap)
    const fault = this.failures.take()
    if (fault?.type === 'status') {
      this.log(`demo server: answered ${url.pathname}${loggableSearch(url)} with injected HTTP ${fault.status}`)
      return sendText(res, fault.status, `Injected failure: HTTP ${fault.status}.`)
    }
    if (fault?.type === 'delay-headers') {
      const gaveUp = (): void => {
        this.clock.clearTimeout(timer)
        this.delayed.delete(timer)
      }
      const timer = this.clock.setTimeout(() => {
        this.delayed.delete(timer)
        res.off('close', gaveUp)
        if (this.server) this.beginStream(req, res, url, parsed.query, 'text/event-stream')
      }, fault.ms)
      this.delayed.add(timer)
      res.once('close', gaveUp)
      return
    }
    this.beginStream(req, res, url, parsed.query, fault?.type === 'content-type' ? fault.contentType : 'text/event-stream')
  }

  private beginStream(req: IncomingMessage, res: ServerResponse, url: URL, query: StreamQuery, contentType: string): void {
    res.writeHead(200, streamHeaders(contentType))
    if (req.method === 'HEAD') return void res.end()
    const lastEventId = headerValue(req.headers['last-event-id']) ?? query.lastEventId
    const id = this.nextClientId++
    const client = new StreamClient({
      id,
      res,
      remoteAddress: req.socket.remoteAddress ?? '',
      userAgent: headerValue(req.headers['user-agent']) ?? '',
      lastEventId,
      query: url.search.replace(/^\?/, ''),
      limit: query.limit,
      maxBufferedBytes: this.maxBufferedBytes,
      slowGraceMs: this.slowClientGraceMs,
      meter: this.meter,
      now: this.clock.now,
      onClose: (c, reason) => this.closed(c, reason)
    })
    const payload = query.overrides.payload ?? this.config.payload
    if (isLlmPayload(payload)) {
      const tps = query.overrides.tokensPerSecond ?? this.config.tokensPerSecond ?? DEFAULT_TOKENS_PER_SECOND
      const answer = new LlmAnswerStream(client, payload, tps, this.clock)
      this.connections.set(id, { client, own: null, ownRetry: true, answer })
      if (this.failures.closeAfter !== null) client.armCloseAfter(this.failures.closeAfter)
      answer.setStalled(this.failures.stalled)
      this.log(`demo server: client ${id} connected from ${client.info().remoteAddress} for a ${payload} answer at ${tps} tokens/s`)
      this.emitClient({ type: 'connect', client: client.info() })
      this.notifier.changed()
      answer.start()
      return
    }
    const resume = parseResume(lastEventId)
    const hasOwnSchedule = Object.keys(query.overrides).length > 0
    const own = hasOwnSchedule
      ? {
          channel: new EventChannel(mergeOverrides(this.config, query.overrides), {
            // its own schedule continues the numbering it resumes from, so it has nothing to replay
            lastSeq: resume.kind === 'after' ? resume.id : 0,
            onTick: () => this.notifier.changed(),
            clock: this.clock
          }),
          overrides: query.overrides
        }
      : null
    this.connections.set(id, { client, own, ownRetry: query.retryMs !== undefined })
    if (this.failures.closeAfter !== null) client.armCloseAfter(this.failures.closeAfter)

    const retry = query.retryMs !== undefined ? query.retryMs : this.config.retryMs
    let prelude = retry === null ? '' : `retry: ${retry}\n`
    prelude += encodeEvent({ event: 'connecttime', data: new Date().toString() })
    if (query.ignored.length) prelude += encodeComment(`ignored unknown query parameter(s): ${query.ignored.join(', ')}`)
    client.write(prelude, 0)

    const channel = own?.channel ?? this.shared
    if (own) own.channel.setStalled(this.failures.stalled)
    channel.subscribe(client, own ? { kind: 'fresh' } : resume)
    this.log(`demo server: client ${id} connected from ${client.info().remoteAddress}${url.search ? ` (${loggableSearch(url)})` : ''}`)
    this.emitClient({ type: 'connect', client: client.info() })
    this.notifier.changed()
  }

  private closed(client: StreamClient, reason: string): void {
    const conn = this.connections.get(client.id)
    if (!conn) return
    this.connections.delete(client.id)
    if (conn.answer) conn.answer.stop()
    else if (conn.own) conn.own.channel.dispose()
    else this.shared.unsubscribe(client)
    this.log(`demo server: client ${client.id} disconnected: ${reason}`)
    this.emitClient({ type: 'disconnect', client: client.info(), reason })
    this.notifier.changed()
  }

  /** Why this query scenario would pass QUERY_CAPS next to the open ones, or null; an LLM answer has its own pace. */
  private overQueryCaps(query: StreamQuery): string | null {
    if (isLlmPayload(query.overrides.payload ?? this.config.payload)) return null
    let others = 0
    for (const { own } of this.connections.values()) if (own) others += queryBytesPerSecond(this.config, own.overrides)
    return exceedsQueryCaps(queryBytesPerSecond(this.config, query.overrides), others)
  }

  /** Whether a request to this URL gets an LLM answer (its query, else the config, names an LLM payload). */
  private answersLlm(url: URL): boolean {
    const parsed = parseStreamQuery(url.searchParams)
    // A bad query goes through, to be answered 400 with what is wrong with it.
    return !parsed.ok || isLlmPayload(parsed.query.overrides.payload ?? this.config.payload)
  }

  private emitClient(e: ClientEvent): void {
    for (const listener of this.clientListeners) listener(e)
  }
}

function headerValue(v: string | string[] | undefined): string | null {
  if (v === undefined) return null
  return Array.isArray(v) ? (v[0] ?? null) : v
}

function parseResume(lastEventId: string | null): Resume {
  if (lastEventId === null || lastEventId === '') return { kind: 'fresh' }
  const id = /^\d{1,15}$/.test(lastEventId.trim()) ? Number(lastEventId.trim()) : Number.NaN
  return Number.isSafeInteger(id) ? { kind: 'after', id } : { kind: 'unknown', raw: lastEventId }
}

/** `{intervalMs: undefined}` means "not given", never "unset". */
function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

/** Logs are shared and kept; a client's `?access_token=…` must not end up in them. */
function loggableSearch(url: URL): string {
  return new URL(redactUrl(url.href)).search
}
