import type { ServerStatus } from '../../shared/server-config'
import { realClock, type Clock } from './clock'

/**
 * Pushes status to listeners on every change, but at most once per `minGapMs`: a busy stream
 * changes the counters thousands of times a second and nobody needs more than a few frames.
 */
export class StatusNotifier {
  private readonly listeners = new Set<(s: ServerStatus) => void>()
  private timer: unknown = null
  private lastEmit = Number.NEGATIVE_INFINITY

  constructor(
    private readonly snapshot: () => ServerStatus,
    private readonly minGapMs = 250,
    private readonly clock: Clock = realClock
  ) {}

  on(listener: (s: ServerStatus) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  changed(): void {
    if (this.timer !== null || this.listeners.size === 0) return
    const wait = Math.max(0, this.lastEmit + this.minGapMs - this.clock.now())
    this.timer = this.clock.setTimeout(() => this.emit(), wait, { unref: true })
  }

  /** For start and stop, which should not wait. */
  emitNow(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
    this.emit()
  }

  dispose(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  private emit(): void {
    this.timer = null
    if (this.listeners.size === 0) return
    this.lastEmit = this.clock.now()
    const status = this.snapshot()
    for (const listener of this.listeners) listener(status)
    // rates are a sliding window: keep pushing until they have decayed to zero
    if (status.running && (status.eventsPerSecond > 0 || status.bytesPerSecond > 0)) this.changed()
  }
}
