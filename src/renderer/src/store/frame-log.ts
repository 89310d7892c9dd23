import type { Frame } from '../../../shared/frames'

export const DEFAULT_LOG_CAPACITY = 100_000

/**
 * Every frame the UI holds, outside React: a ring buffer so memory stays flat on endless
 * streams. Each frame gets a sequence number (its position among all frames ever appended)
 * that stays valid while older frames are dropped, so selections and filters can keep it.
 */
export class FrameLog {
  private readonly items: Array<Frame | undefined>
  private start = 0
  private size_ = 0
  /** Frames pushed out by the capacity limit, so the UI can say what it no longer shows. */
  dropped = 0
  /** Frames ever appended; the next frame's sequence number. */
  total = 0

  constructor(readonly capacity = DEFAULT_LOG_CAPACITY) {
    this.items = new Array<Frame | undefined>(capacity)
  }

  get size(): number {
    return this.size_
  }

  /** The sequence number of the oldest frame still held. */
  get firstSeq(): number {
    return this.total - this.size_
  }

  /** Appends frames; `onEvict` hears of each frame the capacity pushes out, with its sequence number, oldest first. */
  append(frames: readonly Frame[], onEvict?: (frame: Frame, seq: number) => void): void {
    for (const frame of frames) {
      const end = (this.start + this.size_) % this.capacity
      if (this.size_ < this.capacity) this.size_ += 1
      else {
        const evicted = this.items[end]
        if (evicted !== undefined) onEvict?.(evicted, this.firstSeq)
        this.start = (this.start + 1) % this.capacity
        this.dropped += 1
      }
      this.items[end] = frame
      this.total += 1
    }
  }

  /** The i-th frame still held, oldest first. */
  at(index: number): Frame | undefined {
    if (index < 0 || index >= this.size_) return undefined
    return this.items[(this.start + index) % this.capacity]
  }

  /** The frame with this sequence number, if it is still held. */
  bySeq(seq: number): Frame | undefined {
    return this.at(seq - this.firstSeq)
  }

  clear(): void {
    this.items.fill(undefined)
    this.start = 0
    this.dropped = 0
    // Sequence numbers keep counting, so a stale selection can never point at a new frame.
    this.size_ = 0
  }
}
