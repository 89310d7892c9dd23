import type { IncomingMessage } from 'node:http'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { Readable } from 'node:stream'
import { defaultReconnectPolicy, type ReconnectPolicy } from '../../shared/contract'
import type { Frame, UnstampedFrame } from '../../shared/frames'
import { CompletionTracker, describeCompletion } from '../../shared/llm/completion'
import { EVENT_STREAM_TYPE, parseMediaType } from './content-type'
import { RequestError, openStream, parseStreamUrl } from './http-request'
import { describeNetworkError } from './network-error'
import { defaultBodyContentType } from './request-body'
import { EventStreamParser, type ParserOptions } from './parser'
import { DEFAULT_RECONNECTION_TIME_MS, reconnectDelay } from './reconnect-policy'

export type ClientState = 'connecting' | 'open' | 'reconnecting' | 'closed'

export interface SseClientOptions {
  connectionId: string
  url: string
  method?: string
  headers?: ReadonlyArray<{ name: string; value: string }>
  body?: string
  /** Default: `defaultReconnectPolicy(method)`, which is `off` for anything but GET. */
  reconnect?: ReconnectPolicy
  /** Seeds the last event ID, as if an earlier stream had set it. */
  lastEventId?: string
  parser?: ParserOptions
  now?: () => number
  random?: () => number
  /** Say so when a response has not even sent its headers after this long (default 10 s). */
  slowHeadersMs?: number
}

const ERROR_BODY_PREVIEW_BYTES = 512

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
  private failuresSinceOpen = 0
  private abort: AbortController | null = null
  private timer: NodeJS.Timeout | null = null
  private readonly now: () => number
  private readonly stateListeners = new Set<(state: ClientState) => void>()
  /** Watches the current response for an LLM answer's end; see endAnswer. */
  private completion = new CompletionTracker()
  private completed_ = false

  private readonly options: SseClientOptions

  constructor(
    options: SseClientOptions,
    private readonly onFrame: (frame: Frame) => void
  ) {
    // Reconnecting re-sends the request, so without a policy only GET does (an LLM POST would re-run).
    this.options = { ...options, reconnect: options.reconnect ?? defaultReconnectPolicy(options.method ?? 'GET') }
    this.now = options.now ?? Date.now
    this.parser = new EventStreamParser(
      (frame) => {
        if (frame.kind === 'retry') this.reconnectionTimeMs = frame.ms
        if (frame.kind === 'event') this.completion.observe(frame.type, frame.data)
        this.emit(frame)
      },
      { announceDiscards: true, ...options.parser }
    )
    if (options.lastEventId) this.parser.lastEventId = options.lastEventId
  }

  get state(): ClientState {
    return this.state_
  }

  get lastEventId(): string {
    return this.parser.lastEventId
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

  /** Stops for good: aborts the request or the pending reconnection. */
  close(reason = 'Closed by the user'): void {
    if (this.state_ === 'closed') return
    this.clearTimer()
    this.abort?.abort()
    this.abort = null
    this.parser.end()
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
    this.emit({
      kind: 'connecting',
      url: this.options.url,
      method,
      attempt,
      ...(lastEventId ? { lastEventId } : {})
    })

    let response: IncomingMessage
    let finalUrl: string
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
      const opened = await openStream(
        { url: this.options.url, method, headers: this.requestHeaders(lastEventId), body: this.options.body },
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
    if (abort.signal.aborted) {
      response.destroy()
      return
    }

    const status = response.statusCode ?? 0
    if (status !== 200) {
      const preview = await readPreview(response)
      this.fail(describeBadStatus(status, response.statusMessage ?? '', preview), status)
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
    }

    this.failuresSinceOpen = 0
    this.setState('open')
    this.emit({ kind: 'open', status, headers: flattenHeaders(response), url: finalUrl })
    this.pump(response, abort)
  }

  private pump(response: IncomingMessage, abort: AbortController): void {
    let body: Readable = response
    const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase()
    const decoder =
      encoding === 'gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : null
    if (decoder) body = response.pipe(decoder)

    let finished = false
    const finish = (problem: string | null): void => {
      if (finished || abort.signal.aborted) return
      finished = true
      // Nothing from this response may reach the parser once it is done with it.
      abort.abort()
      response.destroy()
      this.parser.end()
      // After the answer's completion marker the end is normal however it came: reconnecting would re-run it.
      if (this.completion.ended) this.endAnswer()
      else this.streamFailed(problem ?? 'The server ended the stream.')
    }
    body.on('data', (chunk: Buffer) => {
      if (!abort.signal.aborted) this.parser.feed(chunk)
    })
    body.once('end', () => finish(null))
    body.once('error', (err) => finish(describeNetworkError(err, this.options.url)))
    response.once('error', (err) => finish(describeNetworkError(err, this.options.url)))
    response.once('close', () => {
      if (!response.complete) finish(`The connection to ${hostOf(this.options.url)} was lost mid-stream.`)
    })
  }

  /** A network error or the end of the stream: announce it, then reconnect as the policy says. */
  private streamFailed(message: string): void {
    if (this.state_ === 'closed') return
    this.abort = null
    this.emit({ kind: 'error', message, fatal: false })
    this.failuresSinceOpen += 1
    const delay = reconnectDelay(this.options.reconnect ?? 'spec', this.reconnectionTimeMs, this.failuresSinceOpen, this.options.random)
    if (delay === null) {
      this.emit({ kind: 'close', reason: 'Reconnection is off, so the connection stays closed.' })
      this.setState('closed')
      return
    }
    this.setState('reconnecting')
    this.emit({ kind: 'reconnect', delayMs: delay, lastEventId: this.parser.lastEventId, attempt: this.connects })
    this.timer = setTimeout(() => {
      this.timer = null
      void this.connect()
    }, delay)
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
    if (this.state_ === 'closed') return
    this.abort = null
    this.parser.end()
    this.emit({ kind: 'error', message, fatal: true, ...(status !== undefined ? { status } : {}) })
    this.emit({ kind: 'close', reason: message })
    this.setState('closed')
  }

  private requestHeaders(lastEventId: string): Record<string, string> {
    const headers: Record<string, string> = { accept: EVENT_STREAM_TYPE, 'cache-control': 'no-cache' }
    for (const { name, value } of this.options.headers ?? []) headers[name.toLowerCase()] = value
    const bodyType = headers['content-type'] === undefined ? defaultBodyContentType(this.options.body) : null
    if (bodyType) headers['content-type'] = bodyType
    // Node writes header strings as Latin-1; passing the UTF-8 bytes that way puts UTF-8 on the wire.
    if (lastEventId) headers['last-event-id'] = Buffer.from(lastEventId, 'utf8').toString('latin1')
    return headers
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
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}

function flattenHeaders(response: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
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
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (): void => {
      response.destroy()
      const text = Buffer.concat(chunks).subarray(0, ERROR_BODY_PREVIEW_BYTES).toString('utf8')
      resolve(text.replace(/\s+/g, ' ').trim())
    }
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      size += chunk.length
      if (size >= ERROR_BODY_PREVIEW_BYTES) done()
    })
    response.once('end', done)
    response.once('error', done)
    setTimeout(done, 1000).unref()
  })
}
