import type { ServerStatus } from '../../shared/server-config'

/**
 * Pushes status to listeners on every change, but at most once per `minGapMs`: a busy stream
 * changes the counters thousands of times a second and nobody needs more than a few frames.
 */
export class StatusNotifier {
  private readonly listeners = new Set<(s: ServerStatus) => void>()
  private timer: NodeJS.Timeout | null = null
  private lastEmit = 0

  constructor(
    private readonly snapshot: () => ServerStatus,
    private readonly minGapMs = 250
  ) {}

  on(listener: (s: ServerStatus) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  changed(): void {
    if (this.timer || this.listeners.size === 0) return
    const wait = Math.max(0, this.lastEmit + this.minGapMs - Date.now())
    this.timer = setTimeout(() => this.emit(), wait)
    this.timer.unref()
  }

  /** For start and stop, which should not wait. */
  emitNow(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.emit()
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private emit(): void {
    this.timer = null
    if (this.listeners.size === 0) return
    this.lastEmit = Date.now()
    const status = this.snapshot()
    for (const listener of this.listeners) listener(status)
    // rates are a sliding window: keep pushing until they have decayed to zero
    if (status.running && (status.eventsPerSecond > 0 || status.bytesPerSecond > 0)) this.changed()
  }
}
