import type { Frame } from '../../../shared/frames'
import type { FrameLog } from './frame-log'
import type { Matcher } from './frame-filter'

/**
 * The frames that pass the current filter, as sequence numbers into the log, shared by the
 * table and the timeline so both always show the same set. Positions are absolute (they
 * keep counting as old frames fall out of the log), so a paused view stays put.
 */
export class FilteredView {
  private seqs: number[] = []
  /** seqs[head] is the first live entry; the ones before it are dropped, compacted lazily. */
  private head = 0
  /** Absolute position of seqs[head]. */
  private base = 0

  constructor(
    private readonly log: FrameLog,
    private match: Matcher = () => true
  ) {}

  get start(): number {
    return this.base
  }

  get end(): number {
    return this.base + this.seqs.length - this.head
  }

  /** Re-applies a new filter to everything the log holds. Positions start again from 0. */
  setMatcher(match: Matcher): void {
    this.match = match
    this.seqs = []
    this.head = 0
    this.base = 0
    for (let i = 0, first = this.log.firstSeq; i < this.log.size; i++) {
      const frame = this.log.at(i)
      if (frame && match(frame)) this.seqs.push(first + i)
    }
  }

  /** Takes frames just appended to the log, the first of them with sequence number `firstSeq`. */
  append(frames: readonly Frame[], firstSeq: number): void {
    for (let i = 0; i < frames.length; i++) {
      if (this.match(frames[i] as Frame)) this.seqs.push(firstSeq + i)
    }
    this.trim()
  }

  /** The sequence number at an absolute position, or undefined once that frame is gone. */
  seqAt(position: number): number | undefined {
    if (position < this.base) return undefined
    return this.seqs[this.head + position - this.base]
  }

  frameAt(position: number): Frame | undefined {
    const seq = this.seqAt(position)
    return seq === undefined ? undefined : this.log.bySeq(seq)
  }

  /** The absolute position of a sequence number, or -1 when it is not in the view. */
  positionOf(seq: number): number {
    let lo = this.head
    let hi = this.seqs.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const value = this.seqs[mid] as number
      if (value === seq) return this.base + mid - this.head
      if (value < seq) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  /** The first absolute position whose frame's time is at or after `time` (frames arrive in time order). */
  positionAtTime(time: number): number {
    let lo = this.head
    let hi = this.seqs.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const frame = this.log.bySeq(this.seqs[mid] as number)
      if (frame && frame.time < time) lo = mid + 1
      else hi = mid
    }
    return this.base + lo - this.head
  }

  /** Forgets sequence numbers whose frames the log has dropped. */
  private trim(): void {
    const first = this.log.firstSeq
    const before = this.head
    while (this.head < this.seqs.length && (this.seqs[this.head] as number) < first) this.head++
    this.base += this.head - before
    // Compact only when the dead prefix is large, so trimming stays amortized O(1) a frame.
    if (this.head > 4096 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head)
      this.head = 0
    }
  }
}
