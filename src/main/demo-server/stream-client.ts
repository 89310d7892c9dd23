import type { ServerResponse } from 'node:http'
import type { ServerClientInfo } from '../../shared/server-config'
import type { RateMeter } from './rate-meter'
import { WireChunk } from './wire-chunk'

export interface StreamClientOptions {
  id: number
  res: ServerResponse
  remoteAddress: string
  userAgent: string
  lastEventId: string | null
  query: string
  /** End the stream after this many events (the `limit` query parameter). */
  limit: number | null
  /** A client with more than this queued in user space is behind... */
  maxBufferedBytes: number
  /** ...and is cut off when it stays behind this long. */
  slowGraceMs: number
  meter: RateMeter
  /** Monotonic milliseconds for the slow-client grace (Clock.now). */
  now: () => number
  onClose: (client: StreamClient, reason: string) => void
}

/**
 * One connected EventSource. All writes go through here so that counting, the per-client
 * limits and the slow-client cut-off are enforced in one place, whoever is writing.
 */
export class StreamClient {
  readonly id: number
  readonly connectedAt = Date.now()
  eventsSent = 0
  private closed = false
  private closeReason: string | null = null
  private behindSince: number | null = null
  private injectedCloseAt: number | null = null
  private headersOut = false

  constructor(private readonly o: StreamClientOptions) {
    this.id = o.id
    // 'close' covers both ends: the peer going away and our own end()/destroy()
    o.res.on('close', () => this.finish(this.closeReason ?? 'client disconnected'))
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** `events` is how many SSE events the chunk holds (0 for comments and retry lines). */
  write(chunk: WireChunk | Buffer | string, events: number): void {
    if (this.closed) return
    const { res } = this.o
    if (chunk instanceof WireChunk) {
      // once headers are out, a chunked body is just framed bytes on the socket, in order
      // with whatever res.write queued before; anything else (HTTP/1.0) goes through res
      const socket = res.socket
      if (this.headersOut && (res as { chunkedEncoding?: boolean }).chunkedEncoding === true && socket && !socket.destroyed) {
        socket.write(chunk.framed)
      } else this.writeThroughResponse(chunk.bytes)
    } else this.writeThroughResponse(chunk)
    this.eventsSent += events
    this.o.meter.add(events, typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length)
    if (events > 0) {
      if (this.o.limit !== null && this.eventsSent >= this.o.limit) return this.end(`limit of ${this.o.limit} events reached`)
      if (this.injectedCloseAt !== null && this.eventsSent >= this.injectedCloseAt) {
        return this.end('closed by close-after injection')
      }
    }
    this.checkBacklog()
  }

  /** Ends the stream after `events` more events; null disarms. */
  armCloseAfter(events: number | null): void {
    this.injectedCloseAt = events === null ? null : this.eventsSent + events
  }

  /** A clean end of the response: the client sees the stream close, not an error. */
  end(reason: string): void {
    if (this.closed) return
    this.closeReason = reason
    this.o.res.end()
    this.finish(reason)
  }

  /** Cuts the connection without ending the response: the client sees a network error. */
  destroy(reason: string): void {
    if (this.closed) return
    this.closeReason = reason
    this.o.res.destroy()
    this.finish(reason)
  }

  info(): ServerClientInfo {
    return {
      id: this.id,
      remoteAddress: this.o.remoteAddress,
      userAgent: this.o.userAgent,
      lastEventId: this.o.lastEventId,
      eventsSent: this.eventsSent,
      connectedAt: this.connectedAt,
      query: this.o.query
    }
  }

  private writeThroughResponse(chunk: Buffer | string): void {
    this.o.res.write(chunk)
    // node sends the header block with the first body write, so only after it can bytes bypass res
    this.headersOut = true
  }

  private checkBacklog(): void {
    const queued = this.o.res.writableLength
    if (queued <= this.o.maxBufferedBytes) {
      this.behindSince = null
      return
    }
    const now = this.o.now()
    this.behindSince ??= now
    if (now - this.behindSince >= this.o.slowGraceMs) {
      this.destroy(`slow client: ${queued} bytes waiting to be sent for over ${this.o.slowGraceMs} ms (limit ${this.o.maxBufferedBytes})`)
    }
  }

  private finish(reason: string): void {
    if (this.closed) return
    this.closed = true
    this.o.onClose(this, reason)
  }
}
