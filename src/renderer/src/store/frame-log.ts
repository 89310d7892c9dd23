import type { Frame } from '../../../shared/frames'

export const DEFAULT_LOG_CAPACITY = 100_000

/**
 * Every frame the UI holds, outside React: a ring buffer so memory stays flat on endless
 * streams. React sees only a version number; components read rows from here by index.
 */
export class FrameLog {
  private readonly items: Array<Frame | undefined>
  private start = 0
  private size_ = 0
  /** Frames pushed out by the capacity limit, so the UI can say what it no longer shows. */
  dropped = 0
  /** Frames ever appended. */
  total = 0

  constructor(readonly capacity = DEFAULT_LOG_CAPACITY) {
    this.items = new Array<Frame | undefined>(capacity)
  }

  get size(): number {
    return this.size_
  }

  append(frames: readonly Frame[]): void {
    for (const frame of frames) {
      const end = (this.start + this.size_) % this.capacity
      this.items[end] = frame
      if (this.size_ < this.capacity) this.size_ += 1
      else {
        this.start = (this.start + 1) % this.capacity
        this.dropped += 1
      }
    }
    this.total += frames.length
  }

  /** The i-th frame still held, oldest first. */
  at(index: number): Frame | undefined {
    if (index < 0 || index >= this.size_) return undefined
    return this.items[(this.start + index) % this.capacity]
  }

  clear(): void {
    this.items.fill(undefined)
    this.start = 0
    this.size_ = 0
    this.dropped = 0
  }
}
