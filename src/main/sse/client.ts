import type { ClientRequest, IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { defaultReconnectPolicy, type ReconnectPolicy } from '../../shared/contract'
import type { Frame, UnstampedFrame } from '../../shared/frames'
import { CompletionTracker, describeCompletion } from '../../shared/llm/completion'
import { decodeContent, planContentDecoding } from './content-decoding'
import { EVENT_STREAM_TYPE, parseMediaType } from './content-type'
import { RequestError, openStream, parseStreamUrl, type StreamResponse } from './http-request'
import { proxyLabel } from './proxy'
import { describeNetworkError } from './network-error'
import { EventStreamParser, type ParserOptions } from './parser'
import { DEFAULT_RECONNECTION_TIME_MS, MIN_RECONNECT_DELAY_MS, reconnectDelay } from './reconnect-policy'
import { systemTimers, waitThen, type Timers } from './reconnect-scheduler'
import { buildRequestHeaders, headersForDisplay, userLastEventId } from './request-headers'

export type ClientState = 'connecting' | 'open' | 'reconnecting' | 'closed'

export interface SseClientOptions {
  connectionId: string
  url: string
  method?: string
  headers?: ReadonlyArray<{ name: string; value: string }>
  body?: string
  /** Default: `defaultReconnectPolicy(method)`, which is `off` for anything but GET. */
  reconnect?: ReconnectPolicy
  /**
   * Seeds the last event ID, as if an earlier stream had set it. Without it, a Last-Event-ID
   * among `headers` seeds it (see userLastEventId).
   */
  lastEventId?: string
  parser?: ParserOptions
  now?: () => number
  random?: () => number
  /** The timers reconnections wait on (default: Node's); tests pass virtual ones. */
  timers?: Timers
  /** Say so when a response has not even sent its headers after this long (default 10 s). */
  slowHeadersMs?: number
  /** A proxy URL, or `direct` for none; absent to follow HTTPS_PROXY/HTTP_PROXY/NO_PROXY. */
  proxy?: string
  /** Accept a TLS certificate that does not verify (curl's -k), with a warning on the connection. */
  insecure?: boolean
  /** Follow https→http redirects and resend the body to another origin (see redirectPolicy). */
  allowInsecureRedirects?: boolean
}

const ERROR_BODY_PREVIEW_BYTES = 512
/** Streams in a row that end without an event before the inspector says the server keeps doing it. */
export const EMPTY_STREAMS_BEFORE_WARNING = 3

/**
 * An EventSource that tells everything: the WHATWG processing model (reconnection time,
 * Last-Event-ID, fatal statuses and content types), any method, headers and body, and a
 * frame for every step a browser keeps to itself.
 */
export class SseClient {
  private state_: ClientState = 'connecting'
  private readonly parser: EventStreamParser
  private reconnectionTimeMs = DEFAULT_RECONNECTION_TIME_MS
  /** Requests made so far; the next one's attempt number. */
  private connects = 0
  /** Requests since the last delivered event: what backoff grows with (an open alone is no success). */
  private attemptsSinceEvent = 0
  /** Responses in a row that opened and then ended without an event. */
  private emptyStreams = 0
  private eventsThisStream = 0
  private flooredOnce = false
  private abort: AbortController | null = null
  /** Tears down the response being read, once there is one; safe to call from any callback. */
  private stopBody: (() => void) | null = null
  private cancelWait: (() => void) | null = null
  private closing = false
  private feeding = false
  private bodyBytes_ = 0
  /** The body being read, for pause(); null between responses. */
  private body: Readable | null = null
  private paused = false
  private readonly now: () => number
  private readonly timers: Timers
  private readonly stateListeners = new Set<(state: ClientState) => void>()
  /** Watches the current response for an LLM answer's end; see endAnswer. */
  private completion = new CompletionTracker()
  private completed_ = false

  private readonly options: SseClientOptions
  private readonly reconnect: ReconnectPolicy

  constructor(
    options: SseClientOptions,
    private readonly onFrame: (frame: Frame) => void
  ) {
    // Reconnecting re-sends the request, so without a policy only GET does (an LLM POST would re-run).
    this.options = options
    this.reconnect = options.reconnect ?? defaultReconnectPolicy(options.method ?? 'GET')
    this.now = options.now ?? Date.now
    this.timers = options.timers ?? systemTimers
    this.parser = new EventStreamParser(
      (frame) => {
        if (frame.kind === 'retry') this.reconnectionTimeMs = frame.ms
        if (frame.kind === 'event') {
          this.eventsThisStream += 1
          this.attemptsSinceEvent = 0
          this.emptyStreams = 0
          this.completion.observe(frame.type, frame.data)
        }
        this.emit(frame)
      },
      { announceDiscards: true, ...options.parser }
    )
    const seed = options.lastEventId ?? userLastEventId(options.headers)
    if (seed) this.parser.lastEventId = seed
  }

  get state(): ClientState {
    return this.state_
  }

  get lastEventId(): string {
    return this.parser.lastEventId
  }

  /** Body bytes handed to the parser so far, over every attempt (after undoing any Content-Encoding). */
  get bodyBytes(): number {
    return this.bodyBytes_
  }

  /** The stream ended after an LLM answer's completion marker (state is then `closed`). */
  get completed(): boolean {
    return this.completed_
  }

  onStateChange(listener: (state: ClientState) => void): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  /** Starts the first request. A URL that cannot work fails here, before any network traffic. */
  start(): void {
    try {
      parseStreamUrl(this.options.url)
    } catch (err) {
      this.fail((err as Error).message)
      return
    }
    void this.connect()
  }

  /**
   * Stops reading the response until resume(): its bytes wait in the socket, whose TCP window then
   * closes and slows the server, for a consumer that cannot keep up (a full stdout). Holds across
   * reconnections; events already in the chunk being parsed are still delivered.
   */
  pause(): void {
    this.paused = true
    this.body?.pause()
  }

  /** Reads the response again after pause(). */
  resume(): void {
    this.paused = false
    this.body?.resume()
  }

  /** Stops for good: aborts the request or the pending reconnection. */
  close(reason = 'Closed by the user'): void {
    // Callable from any frame callback, including those of this very close.
    if (this.state_ === 'closed' || this.closing) return
    this.closing = true
    this.clearTimer()
    if (this.stopBody) this.stopBody()
    else this.abort?.abort()
    this.stopBody = null
    this.abort = null
    // The parser must not be re-entered from its own callback; the stream is over either way.
    if (!this.feeding) this.parser.end()
    this.emit({ kind: 'close', reason })
    this.setState('closed')
  }

  private async connect(): Promise<void> {
    const abort = new AbortController()
    this.abort = abort
    const attempt = this.connects++
    this.completion = new CompletionTracker()
    this.setState(attempt === 0 ? 'connecting' : 'reconnecting')
    const method = (this.options.method ?? 'GET').toUpperCase()
    const lastEventId = this.parser.lastEventId
    const headers = buildRequestHeaders(this.options.headers, lastEventId, this.options.body)
    this.eventsThisStream = 0
    this.emit({
      kind: 'connecting',
      url: this.options.url,
      method,
      attempt,
      ...(lastEventId ? { lastEventId } : {}),
      headers: headersForDisplay(this.options.url, headers, this.options.body)
    })
    if (abort.signal.aborted) return

    let response: IncomingMessage
    let finalUrl: string
    let opened: StreamResponse
    // EventSource waits for headers forever, and so do we, but not in silence.
    const waitMs = this.options.slowHeadersMs ?? 10_000
    const slow = setTimeout(() => {
      if (abort.signal.aborted) return
      this.emit({
        kind: 'diagnostic',
        level: 'warning',
        code: 'slow-headers',
        message: `No response headers after ${waitMs / 1000} s. The server accepted the connection but has not answered; still waiting, as EventSource would. Disconnect to give up.`
      })
    }, waitMs)
    try {
      opened = await openStream(
        {
          url: this.options.url,
          method,
          headers,
          body: this.options.body,
          ...(this.options.proxy !== undefined ? { proxy: this.options.proxy } : {}),
          ...(this.options.insecure ? { insecure: true } : {}),
          ...(this.options.allowInsecureRedirects ? { allowInsecureRedirects: true } : {})
        },
        abort.signal
      )
      response = opened.response
      finalUrl = opened.url
    } catch (err) {
      clearTimeout(slow)
      if (abort.signal.aborted) return
      if (err instanceof RequestError && err.fatal) this.fail(err.message)
      else this.streamFailed(describeNetworkError(err, this.options.url))
      return
    }
    clearTimeout(slow)
    // The request outlives its part in this: a late error on it (an abort, a reset) is reported
    // through the response, or not at all once the client is done with it.
    ;(response as IncomingMessage & { req?: ClientRequest }).req?.on('error', () => {})
    response.on('error', () => {})
    if (abort.signal.aborted) {
      response.destroy()
      return
    }

    // Before any verdict on the response: a 401 from the second origin is explained by these.
    for (const notice of opened.redirectNotices) {
      this.emit({ kind: 'diagnostic', level: 'warning', ...notice })
      if (this.closing) {
        response.destroy()
        return
      }
    }
    const status = response.statusCode ?? 0
    if (status !== 200) {
      const preview = await readPreview(response)
      const via = opened.proxy ? ` (This answer came through the proxy at ${proxyLabel(opened.proxy.url)}.)` : ''
      this.fail(describeBadStatus(status, response.statusMessage ?? '', preview) + via, status)
      return
    }
    const mediaType = parseMediaType(response.headers['content-type'])
    if (mediaType?.essence !== EVENT_STREAM_TYPE) {
      response.destroy()
      const got = response.headers['content-type'] ? `"${response.headers['content-type']}"` : 'no Content-Type at all'
      this.fail(
        `The response is not an event stream: it has ${got}, but EventSource requires ${EVENT_STREAM_TYPE}. ` +
          'Check the URL, or make the server send Content-Type: text/event-stream.',
        status
      )
      return
    }
    const charset = mediaType.params.charset
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
      this.emit({
        kind: 'diagnostic',
        level: 'warning',
        code: 'charset-ignored',
        message: `Content-Type says charset=${charset}, but event streams are always UTF-8; browsers ignore the parameter and so does this inspector.`
      })
      if (this.closing) {
        response.destroy()
        return
      }
    }

    this.setState('open')
    const responseHeaders = flattenHeaders(response)
    const plan = planContentDecoding(responseHeaders['content-encoding'])
    const unverified = opened.transport.socket?.tlsAuthorizationError() ?? null
    // Reading starts on the next tick at the earliest, so an 'open' listener that closes the
    // client finds stopBody in place.
    this.pump(response, opened, plan)
    this.emit({
      kind: 'open',
      status,
      headers: responseHeaders,
      url: finalUrl,
      ...(plan.codings.length > 0 ? { contentEncoding: plan.codings.join(', ') } : {}),
      ...(opened.proxy ? { proxy: proxyLabel(opened.proxy.url) } : {}),
      ...(this.options.insecure && finalUrl.startsWith('https:') ? { insecure: true as const } : {})
    })
    if (this.options.insecure && finalUrl.startsWith('https:')) {
      this.emit({
        kind: 'diagnostic',
        level: 'warning',
        code: 'tls-not-verified',
        message: unverified
          ? `The TLS certificate of ${hostOf(finalUrl)} did not verify (${unverified}) and was accepted anyway, because certificate checks are off for this connection (insecure). Anyone between you and the server could read and change this stream.`
          : `Certificate checks are off for this connection (insecure). The certificate of ${hostOf(finalUrl)} did verify, but a bad one would have been accepted too.`
      })
    }
    for (const notice of opened.transport.notices) this.emit({ kind: 'diagnostic', level: 'warning', ...notice })
    if (plan.unknown !== undefined) {
      this.emit({
        kind: 'diagnostic',
        level: 'warning',
        code: 'content-encoding-unknown',
        message: `The response says Content-Encoding: ${String(response.headers['content-encoding'])}, and "${plan.unknown}" is not a coding the inspector knows (gzip, deflate, br, zstd), so the body is read as it came, as Chromium does. If events look garbled, that is why.`
      })
    }
  }

  /**
   * Feeds the body to the parser. Once the response is here the request's AbortSignal is left
   * alone: aborting it now destroys the request and its socket with an AbortError that nothing
   * may be listening for any more (the crash of `tail --max-events` when the last event came
   * with the end of the body). The body is stopped by destroying the response instead, and every
   * stream involved keeps an 'error' listener for good.
   */
  private pump(response: IncomingMessage, opened: StreamResponse, plan: ReturnType<typeof planContentDecoding>): void {
    let finished = false
    const body: Readable = decodeContent(response, plan, (notice) => {
      if (!finished) this.emit({ kind: 'diagnostic', level: 'warning', ...notice })
    })

    const stop = (): void => {
      finished = true
      if (this.stopBody === stop) this.stopBody = null
      if (this.body === body) this.body = null
      response.destroy()
      if (body !== response) body.destroy()
    }
    this.stopBody = stop
    this.abort = null
    const finish = (problem: string | null): void => {
      if (finished) return
      // Nothing from this response may reach the parser once it is done with it.
      stop()
      this.parser.end()
      // After the answer's completion marker the end is normal however it came: reconnecting would re-run it.
      if (this.completion.ended) this.endAnswer()
      else this.streamFailed(problem ?? 'The server ended the stream.')
    }
    body.on('data', (chunk: Buffer) => {
      if (finished) return
      this.feeding = true
      this.bodyBytes_ += chunk.length
      try {
        this.parser.feed(chunk)
      } finally {
        this.feeding = false
      }
    })
    this.body = body
    if (this.paused) body.pause()
    // A body read to the close of the connection also "ends" when the socket was reset.
    body.once('end', () => finish(opened.transport.socket?.socketError ? describeCutShort(opened, this.options.url) : null))
    body.on('error', (err) =>
      finish(response.errored === err ? describeCutShort(opened, this.options.url, err) : describeNetworkError(err, this.options.url))
    )
    response.on('error', (err) => finish(describeCutShort(opened, this.options.url, err)))
    response.once('close', () => {
      if (!response.complete) finish(describeCutShort(opened, this.options.url))
    })
    // It may have failed while the head was being checked, before these listeners existed.
    if (response.destroyed && !response.complete) finish(describeCutShort(opened, this.options.url, response.errored ?? undefined))
  }

  /** A network error or the end of the stream: announce it, then reconnect as the policy says. */
  private streamFailed(message: string): void {
    if (this.state_ === 'closed' || this.closing) return
    const opened = this.state_ === 'open'
    this.abort = null
    this.emit({ kind: 'error', message, fatal: false })
    // Every emit hands control to a listener that may have closed the client.
    if (this.closing) return
    this.attemptsSinceEvent += 1
    if (opened && this.eventsThisStream === 0) this.emptyStreams += 1
    const policy = this.reconnect
    const delay = reconnectDelay(policy, this.reconnectionTimeMs, this.attemptsSinceEvent, this.options.random)
    if (delay === null) {
      this.closing = true
      this.emit({ kind: 'close', reason: 'Reconnection is off, so the connection stays closed.' })
      this.setState('closed')
      return
    }
    this.warnAboutStorms(policy)
    if (this.closing) return
    this.setState('reconnecting')
    this.emit({ kind: 'reconnect', delayMs: delay, lastEventId: this.parser.lastEventId, attempt: this.connects })
    if (this.closing) return
    this.cancelWait = waitThen(
      delay,
      () => {
        this.cancelWait = null
        void this.connect()
      },
      this.timers
    )
  }

  /** Says when the server's own timing would make a client hammer it, and what the inspector does instead. */
  private warnAboutStorms(policy: ReconnectPolicy): void {
    if (this.reconnectionTimeMs < MIN_RECONNECT_DELAY_MS && !this.flooredOnce) {
      this.flooredOnce = true
      this.emit({
        kind: 'diagnostic',
        level: 'info',
        code: 'retry-below-floor',
        message: `The server asked for a reconnection time of ${this.reconnectionTimeMs} ms; the inspector waits at least ${MIN_RECONNECT_DELAY_MS} ms, as Firefox does (Chromium has no floor and would reconnect at once, in a loop if the server keeps closing).`
      })
    }
    if (this.emptyStreams === EMPTY_STREAMS_BEFORE_WARNING) {
      const what =
        policy === 'backoff'
          ? 'Backoff keeps growing until an event arrives.'
          : 'EventSource would keep reconnecting at the same pace for as long as this goes on; choose backoff to slow down, or off to stop.'
      this.emit({
        kind: 'diagnostic',
        level: 'warning',
        code: 'stream-ends-without-events',
        message: `The server accepted the last ${this.emptyStreams} connections and ended each without sending a single event. Check that the server has something to send (and that it does not close event streams right after the headers). ${what}`
      })
    }
  }

  /** The answer is complete: close without an error or a reconnection. */
  private endAnswer(): void {
    if (this.state_ === 'closed' || !this.completion.ended) return
    this.abort = null
    this.completed_ = true
    this.emit({ kind: 'close', reason: describeCompletion(this.completion.ended), completed: true })
    this.setState('closed')
  }

  /** "Fail the connection": no reconnection, as EventSource does for bad statuses and types. */
  private fail(message: string, status?: number): void {
    if (this.state_ === 'closed' || this.closing) return
    this.abort = null
    this.parser.end()
    this.emit({ kind: 'error', message, fatal: true, ...(status !== undefined ? { status } : {}) })
    if (this.closing) return
    this.closing = true
    this.emit({ kind: 'close', reason: message })
    this.setState('closed')
  }

  private emit(frame: UnstampedFrame): void {
    // A listener may close the client mid-chunk; the rest of that chunk is not reported.
    if (this.state_ === 'closed') return
    this.onFrame({ ...frame, connectionId: this.options.connectionId, time: this.now() })
  }

  private setState(state: ClientState): void {
    if (this.state_ === state) return
    this.state_ = state
    for (const listener of this.stateListeners) listener(state)
  }

  private clearTimer(): void {
    this.cancelWait?.()
    this.cancelWait = null
  }
}

function flattenHeaders(response: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/**
 * Why a response ended before its framing said it would: a reset, corrupt framing, or a close
 * too early. `err` is what the response failed with, if it did (Node says only "aborted").
 */
function describeCutShort(opened: StreamResponse, url: string, err?: Error): string {
  const socket = opened.transport.socket
  if (socket?.socketError) {
    const cause = describeNetworkError(socket.socketError, opened.url)
    return (socket.socketError as { code?: string }).code?.startsWith('ERR_') ? cause : `Mid-stream: ${cause}`
  }
  const truncation = socket?.truncation()
  if (truncation) return `${hostOf(opened.url)} closed the connection ${truncation}: the response was cut short.`
  if (err && err.message !== 'aborted') return describeNetworkError(err, url)
  return `The connection to ${hostOf(url)} was lost mid-stream.`
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

function describeBadStatus(status: number, statusText: string, preview: string): string {
  const head = `The server answered ${status}${statusText ? ` ${statusText}` : ''}`
  const why =
    status === 204
      ? ': 204 No Content is how a server tells EventSource to stop, so the inspector will not reconnect.'
      : status === 401 || status === 403
        ? ': the endpoint wants credentials. Add an Authorization header and connect again.'
        : status === 404
          ? ': nothing at that path. Check the URL.'
          : ', and EventSource only accepts 200, so it will not reconnect.'
  return preview ? `${head}${why} Body: ${preview}` : `${head}${why}`
}

/** The start of an error response's body, because it usually says what went wrong. */
function readPreview(response: IncomingMessage): Promise<string> {
  // Error bodies are compressed as often as streams are (an API's JSON 401): show the text.
  const body = decodeContent(response, planContentDecoding(flattenHeaders(response)['content-encoding']), () => {})
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (): void => {
      response.destroy()
      const text = Buffer.concat(chunks).subarray(0, ERROR_BODY_PREVIEW_BYTES).toString('utf8')
      resolve(text.replace(/\s+/g, ' ').trim())
    }
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      size += chunk.length
      if (size >= ERROR_BODY_PREVIEW_BYTES) done()
    })
    body.once('end', done)
    body.on('error', done)
    setTimeout(done, 1000).unref()
  })
}
