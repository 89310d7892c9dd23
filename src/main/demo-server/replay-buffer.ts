import type { WireChunk } from './wire-chunk'

/**
 * The most recent events of a stream, already encoded, for clients resuming with Last-Event-ID.
 * Bounded by count and by bytes, so large payloads cannot turn it into a memory leak.
 */

export interface BufferedEvent {
  id: number
  chunk: WireChunk
}

export type ReplayResult =
  | { kind: 'replay'; events: BufferedEvent[] }
  /** Events after `lastId` up to `firstAvailable - 1` were evicted; `events` is what is left. */
  | { kind: 'gap'; missedFrom: number; missedTo: number; events: BufferedEvent[] }
  /** The id is newer than anything sent: the stream (or server) restarted since. */
  | { kind: 'ahead'; newest: number | null }

export class ReplayBuffer {
  private items: BufferedEvent[] = []
  private head = 0
  private bytes = 0

  constructor(
    readonly maxEvents = 10_000,
    readonly maxBytes = 64 * 1024 * 1024
  ) {}

  get size(): number {
    return this.items.length - this.head
  }

  /** Ids must increase; the channel guarantees it. */
  push(event: BufferedEvent): void {
    if (this.maxEvents <= 0) return
    this.items.push(event)
    this.bytes += event.chunk.length
    while (this.size > this.maxEvents || (this.bytes > this.maxBytes && this.size > 1)) {
      const old = this.items[this.head++]
      if (old) this.bytes -= old.chunk.length
    }
    // compact now and then instead of shifting on every push
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
  }

  newest(): BufferedEvent | undefined {
    return this.size > 0 ? this.items[this.items.length - 1] : undefined
  }

  clear(): void {
    this.items = []
    this.head = 0
    this.bytes = 0
  }

  /** Everything sent after `lastId`. `nextId` is the id the stream will use next. */
  since(lastId: number, nextId: number): ReplayResult {
    if (lastId >= nextId) return { kind: 'ahead', newest: this.newest()?.id ?? null }
    const first = this.items[this.head]
    if (!first) {
      return lastId === nextId - 1
        ? { kind: 'replay', events: [] }
        : { kind: 'gap', missedFrom: lastId + 1, missedTo: nextId - 1, events: [] }
    }
    if (lastId < first.id - 1) {
      return { kind: 'gap', missedFrom: lastId + 1, missedTo: first.id - 1, events: this.items.slice(this.head) }
    }
    return { kind: 'replay', events: this.items.slice(this.firstAfter(lastId)) }
  }

  private firstAfter(id: number): number {
    let lo = this.head
    let hi = this.items.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.items[mid]?.id ?? Infinity) <= id) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
