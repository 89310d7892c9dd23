import type { Frame } from '../../../../shared/frames'
import type { FrameLog } from '../../store/frame-log'

/**
 * What the timeline draws behind the events of each connection, derived from the lifecycle
 * frames of the unfiltered log (a filter hiding lifecycle frames must not hide a disconnection).
 */

/** The connection was open: from an `open` frame to the next error, close or connecting. */
export interface OpenSpan {
  start: number
  /** null while still open. */
  end: number | null
  /** The start is inferred: the `open` frame is no longer in the log. */
  inferred: boolean
}

/** A request was in flight: from `connecting` to its `open` or failure. */
export interface ConnectingSpan {
  start: number
  end: number | null
  attempt: number
}

/** Disconnected, waiting to reconnect: from a `reconnect` frame to time + delayMs (or the next attempt, if sooner). */
export interface Gap {
  start: number
  end: number
  delayMs: number
  attempt: number
  seq: number
}

export type MarkerKind = 'error' | 'fatal' | 'reconnect' | 'close'

export interface Marker {
  time: number
  kind: MarkerKind
  seq: number
  /** Untrusted text from the stream or the network: only ever shown as text. */
  label: string
}

export interface ConnectionLifecycle {
  connectionId: string
  /** The URL of the last request, when a `connecting` frame was seen. */
  url: string | null
  spans: OpenSpan[]
  connecting: ConnectingSpan[]
  gaps: Gap[]
  markers: Marker[]
  /** Time of the first and last lifecycle frame. */
  first: number
  last: number
}

export interface LifecycleEntry {
  seq: number
  frame: Frame
}

const LIFECYCLE_KINDS = new Set<Frame['kind']>(['connecting', 'open', 'error', 'reconnect', 'close'])

export function isLifecycleFrame(frame: Frame): boolean {
  return LIFECYCLE_KINDS.has(frame.kind)
}

/**
 * Folds lifecycle frames (in time order) into spans, gaps and markers per connection, in the
 * order connections first appear. `logStart` is the time of the oldest frame the log still
 * holds: a connection whose first known frame is an error or a close was open since then.
 */
export function deriveLifecycle(entries: Iterable<LifecycleEntry>, logStart: number | null = null): ConnectionLifecycle[] {
  const byId = new Map<string, ConnectionLifecycle>()
  const out: ConnectionLifecycle[] = []
  for (const { seq, frame } of entries) {
    let lane = byId.get(frame.connectionId)
    if (!lane) {
      lane = {
        connectionId: frame.connectionId,
        url: null,
        spans: [],
        connecting: [],
        gaps: [],
        markers: [],
        first: frame.time,
        last: frame.time
      }
      byId.set(frame.connectionId, lane)
      out.push(lane)
      if ((frame.kind === 'error' || frame.kind === 'close') && logStart !== null && logStart < frame.time) {
        lane.spans.push({ start: logStart, end: null, inferred: true })
      }
    }
    lane.last = frame.time
    const openSpan = lane.spans[lane.spans.length - 1]
    const pending = lane.connecting[lane.connecting.length - 1]
    const endOpen = (): void => {
      if (openSpan && openSpan.end === null) openSpan.end = frame.time
    }
    const endConnecting = (): void => {
      if (pending && pending.end === null) pending.end = frame.time
    }
    const endGap = (): void => {
      const gap = lane.gaps[lane.gaps.length - 1]
      if (gap && gap.end > frame.time && gap.start <= frame.time) gap.end = frame.time
    }
    switch (frame.kind) {
      case 'connecting':
        endOpen()
        endConnecting()
        endGap()
        lane.url = frame.url
        lane.connecting.push({ start: frame.time, end: null, attempt: frame.attempt })
        break
      case 'open':
        endConnecting()
        endOpen()
        lane.spans.push({ start: frame.time, end: null, inferred: false })
        break
      case 'error':
        endOpen()
        endConnecting()
        lane.markers.push({ time: frame.time, kind: frame.fatal ? 'fatal' : 'error', seq, label: frame.message })
        break
      case 'reconnect':
        endOpen()
        endConnecting()
        lane.gaps.push({ start: frame.time, end: frame.time + frame.delayMs, delayMs: frame.delayMs, attempt: frame.attempt, seq })
        lane.markers.push({ time: frame.time, kind: 'reconnect', seq, label: `Reconnect attempt ${frame.attempt}` })
        break
      case 'close':
        endOpen()
        endConnecting()
        endGap()
        lane.markers.push({ time: frame.time, kind: 'close', seq, label: frame.reason })
        break
      default:
        break
    }
  }
  return out
}

/** Whether anything of this lifecycle lies within [start, end], given the current time for what is still ongoing. */
export function lifecycleOverlaps(lane: ConnectionLifecycle, start: number, end: number, now: number): boolean {
  const tail = Math.max(
    lane.last,
    lane.gaps.reduce((m, g) => Math.max(m, g.end), 0),
    lane.spans.some((s) => s.end === null) || lane.connecting.some((s) => s.end === null) ? now : 0
  )
  return lane.first <= end && tail >= start
}

/**
 * The lifecycle frames of the log, collected incrementally: each sync looks only at frames
 * appended since the last one, so the timeline never rescans the whole log. Entries leave
 * with the frames the log drops (or clears).
 */
export class LifecycleIndex {
  private entries: LifecycleEntry[] = []
  private nextSeq = 0
  private derived: ConnectionLifecycle[] = []
  private derivedFor = -1
  private version = 0
  private logStart: number | null = null

  /** Takes frames up to (not including) sequence number `upTo`; returns true if the lifecycle changed. */
  sync(log: FrameLog, upTo: number = log.total): boolean {
    let changed = false
    const first = log.firstSeq
    if (this.entries.length > 0 && (this.entries[0] as LifecycleEntry).seq < first) {
      this.entries = this.entries.filter((e) => e.seq >= first)
      changed = true
    }
    const limit = Math.min(upTo, log.total)
    for (let seq = Math.max(this.nextSeq, first); seq < limit; seq++) {
      const frame = log.bySeq(seq)
      if (frame && isLifecycleFrame(frame)) {
        this.entries.push({ seq, frame })
        changed = true
      }
    }
    if (limit > this.nextSeq) this.nextSeq = limit
    const logStart = log.at(0)?.time ?? null
    if (logStart !== this.logStart) {
      this.logStart = logStart
      changed = true
    }
    if (changed) this.version += 1
    return changed
  }

  get lifecycles(): ConnectionLifecycle[] {
    if (this.derivedFor !== this.version) {
      this.derived = deriveLifecycle(this.entries, this.logStart)
      this.derivedFor = this.version
    }
    return this.derived
  }

  get size(): number {
    return this.entries.length
  }
}
