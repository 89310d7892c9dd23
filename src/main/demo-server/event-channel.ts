import type { ServerConfig } from '../../shared/server-config'
import { realClock, type Clock } from './clock'
import { eventTypeFor, makePayload } from './payloads'
import type { ReplayBuffer } from './replay-buffer'
import { encodeComment, encodeEvent } from './sse-format'
import { WireChunk } from './wire-chunk'
import type { StreamClient } from './stream-client'
import { Ticker } from './ticker'

export interface ChannelOptions {
  /** Kept for Last-Event-ID resumption; only the shared channel needs one. */
  replay?: ReplayBuffer
  /** How long to keep producing (and buffering) events after the last client left, when ids are on. */
  lingerMs?: number
  /** The id of the event before the first this channel sends. */
  lastSeq?: number
  /** Called once a tick has been written to every subscriber. */
  onTick?: () => void
  /** Schedule, heartbeat and linger timers; the real clock unless a test passes its own. */
  clock?: Clock
}

/** How a subscriber wants to start: fresh, or after a Last-Event-ID. */
export type Resume = { kind: 'fresh' } | { kind: 'after'; id: number } | { kind: 'unknown'; raw: string }

const HEARTBEAT = new WireChunk(encodeComment('heartbeat'))

/**
 * One schedule of events and everyone who receives it. Each tick is encoded (and framed) once
 * and those same bytes are written to every subscriber, so fan-out costs one socket write per
 * client and nothing else. Clients on the global config share one channel; each client with its own
 * query-string scenario gets a channel of its own.
 */
export class EventChannel {
  private readonly subscribers = new Set<StreamClient>()
  /** Clients that joined during a stall, waiting for their first event or replay. */
  private readonly pendingStart = new Map<StreamClient, Resume>()
  private seq: number
  private readonly ticker: Ticker
  private readonly clock: Clock
  private heartbeatTimer: unknown = null
  private lingerTimer: unknown = null
  /** Whether the schedule should be running, stall or not. */
  private active = false
  private stalled = false

  constructor(
    private config: ServerConfig,
    private readonly options: ChannelOptions = {}
  ) {
    this.seq = options.lastSeq ?? 0
    this.clock = options.clock ?? realClock
    this.ticker = new Ticker(config.intervalMs, () => this.tick(), this.clock)
  }

  /** The id of the newest event, so a replacement channel can carry on the numbering. */
  get lastSeq(): number {
    return this.seq
  }

  get size(): number {
    return this.subscribers.size
  }

  subscribe(client: StreamClient, resume: Resume): void {
    this.subscribers.add(client)
    this.clearLinger()
    if (this.stalled) {
      this.pendingStart.set(client, resume)
      return
    }
    this.begin(client, resume)
  }

  unsubscribe(client: StreamClient): void {
    this.subscribers.delete(client)
    this.pendingStart.delete(client)
    if (this.subscribers.size > 0 || !this.active) return
    const linger = this.config.ids ? (this.options.lingerMs ?? 0) : 0
    if (linger <= 0) return this.idle()
    this.lingerTimer = this.clock.setTimeout(() => this.idle(), linger, { unref: true })
  }

  setConfig(next: ServerConfig): void {
    const prev = this.config
    this.config = next
    if (prev.ids && !next.ids) {
      this.options.replay?.clear()
      if (this.subscribers.size === 0) this.idle()
    }
    if (!this.active || this.stalled) return
    if (prev.intervalMs !== next.intervalMs) this.startTicking()
    if (prev.heartbeatSec !== next.heartbeatSec) this.startHeartbeat()
  }

  setStalled(stalled: boolean): void {
    if (stalled === this.stalled) return
    this.stalled = stalled
    if (stalled) return this.stopTimers()
    if (this.active) {
      this.startTicking()
      this.startHeartbeat()
    }
    const pending = [...this.pendingStart]
    this.pendingStart.clear()
    for (const [client, resume] of pending) this.begin(client, resume)
  }

  /** Writes the same bytes to every subscriber. */
  writeAll(chunk: WireChunk, events: number): void {
    for (const client of this.subscribers) client.write(chunk, events)
  }

  dispose(): void {
    this.stopTimers()
    this.clearLinger()
    this.active = false
    this.subscribers.clear()
    this.pendingStart.clear()
  }

  /** First writes to a new subscriber: what it missed, or one event right away like the classic demo. */
  private begin(client: StreamClient, resume: Resume): void {
    const replay = this.config.ids ? this.options.replay : undefined
    if (resume.kind === 'after' && replay) {
      this.replayTo(client, resume.id, replay)
    } else if (resume.kind === 'unknown' && this.config.ids) {
      client.write(encodeComment(`Last-Event-ID "${resume.raw}" is not an id of this stream; starting fresh`), 0)
    }
    if (!this.active) {
      // the first subscriber starts the schedule, and the first tick is its immediate event
      this.active = true
      this.tick()
      this.startTicking()
      this.startHeartbeat()
      return
    }
    if (resume.kind === 'after' && replay) return
    const newest = replay?.newest()
    if (newest) client.write(newest.chunk, 1)
    else client.write(this.encode(this.seq, false), 1)
  }

  private replayTo(client: StreamClient, lastId: number, replay: ReplayBuffer): void {
    const result = replay.since(lastId, this.seq + 1)
    if (result.kind === 'ahead') {
      client.write(
        encodeComment(`Last-Event-ID ${lastId} is ahead of this stream (newest id ${this.seq}); it restarted since, continuing`),
        0
      )
      return
    }
    if (result.kind === 'gap') {
      const missed = result.missedTo - result.missedFrom + 1
      client.write(encodeComment(`replay gap: ${missed} event(s), ids ${result.missedFrom}..${result.missedTo}, are no longer buffered`), 0)
    }
    for (const e of result.events) client.write(e.chunk, 1)
  }

  private tick(): void {
    this.seq++
    const chunk = this.encode(this.seq, this.config.ids)
    if (this.config.ids) this.options.replay?.push({ id: this.seq, chunk })
    this.writeAll(chunk, 1)
    this.options.onTick?.()
  }

  private encode(seq: number, withId: boolean): WireChunk {
    const c = this.config
    const data = makePayload(c.payload, seq, c.payloadBytes, Date.now())
    return new WireChunk(encodeEvent({ id: withId ? seq : undefined, event: eventTypeFor(c.eventTypes, seq), data }))
  }

  private startTicking(): void {
    this.ticker.start(this.config.intervalMs)
  }

  private startHeartbeat(): void {
    this.stopHeartbeat()
    if (this.config.heartbeatSec <= 0) return
    const everyMs = Math.max(1, this.config.heartbeatSec * 1000)
    // re-armed after each beat, as setInterval does: a late heartbeat need not be made up for
    const beat = (): void => {
      this.heartbeatTimer = this.clock.setTimeout(beat, everyMs)
      this.writeAll(HEARTBEAT, 0)
    }
    this.heartbeatTimer = this.clock.setTimeout(beat, everyMs)
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) this.clock.clearTimeout(this.heartbeatTimer)
    this.heartbeatTimer = null
  }

  private stopTimers(): void {
    this.ticker.stop()
    this.stopHeartbeat()
  }

  private idle(): void {
    this.clearLinger()
    if (this.subscribers.size > 0) return
    this.stopTimers()
    this.active = false
  }

  private clearLinger(): void {
    if (this.lingerTimer !== null) this.clock.clearTimeout(this.lingerTimer)
    this.lingerTimer = null
  }
}
