/**
 * Events and bytes per second over a sliding window, in fixed buckets so that counting a
 * write costs two additions however many clients there are.
 */
export class RateMeter {
  private readonly events: Float64Array
  private readonly bytes: Float64Array
  private readonly stamps: Float64Array

  constructor(
    private readonly windowMs = 2000,
    private readonly bucketMs = 100,
    private readonly now: () => number = Date.now
  ) {
    const n = Math.ceil(windowMs / bucketMs)
    this.events = new Float64Array(n)
    this.bytes = new Float64Array(n)
    this.stamps = new Float64Array(n).fill(-1)
  }

  add(events: number, bytes: number): void {
    const slot = this.slot(this.now())
    this.events[slot] = (this.events[slot] ?? 0) + events
    this.bytes[slot] = (this.bytes[slot] ?? 0) + bytes
  }

  rates(): { eventsPerSecond: number; bytesPerSecond: number } {
    const bucket = Math.floor(this.now() / this.bucketMs)
    const oldest = bucket - this.stamps.length + 1
    let events = 0
    let bytes = 0
    for (let i = 0; i < this.stamps.length; i++) {
      const stamp = this.stamps[i] ?? -1
      if (stamp >= oldest && stamp <= bucket) {
        events += this.events[i] ?? 0
        bytes += this.bytes[i] ?? 0
      }
    }
    const seconds = this.windowMs / 1000
    return { eventsPerSecond: Math.round(events / seconds), bytesPerSecond: Math.round(bytes / seconds) }
  }

  reset(): void {
    this.stamps.fill(-1)
  }

  private slot(at: number): number {
    const bucket = Math.floor(at / this.bucketMs)
    const slot = bucket % this.stamps.length
    if (this.stamps[slot] !== bucket) {
      this.stamps[slot] = bucket
      this.events[slot] = 0
      this.bytes[slot] = 0
    }
    return slot
  }
}
