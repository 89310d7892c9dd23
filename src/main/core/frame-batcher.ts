import type { Frame } from '../../shared/frames'

export interface FrameBatcherOptions {
  /** Longest a frame waits before its batch is sent. */
  maxDelayMs?: number
  /** A batch this large is sent at once. */
  maxFrames?: number
}

/**
 * Collects frames and hands them on in batches, by time and by count, so a stream of
 * thousands of events a second costs the transport tens of messages, not thousands.
 */
export class FrameBatcher {
  private pending: Frame[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly maxDelayMs: number
  private readonly maxFrames: number

  constructor(
    private readonly flushTo: (batch: Frame[]) => void,
    options: FrameBatcherOptions = {}
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 33
    this.maxFrames = options.maxFrames ?? 1000
  }

  /** Adds a frame to the current batch; the batch is sent once full, or maxDelayMs after its first frame. */
  add(frame: Frame): void {
    this.pending.push(frame)
    if (this.pending.length >= this.maxFrames) this.flush()
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.maxDelayMs)
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    this.flushTo(batch)
  }

  dispose(): void {
    this.flush()
  }
}
