import { realClock, type Clock } from './clock'

/**
 * A steady schedule: each tick is planned from the first one, not from when the previous tick
 * finished, so writing to thousands of clients does not stretch a 50 ms interval into 53 ms
 * (setInterval re-arms after its callback and drifts by however long that took). A short
 * hiccup (the machine busy elsewhere) is caught up, so the rate holds on average; after a long
 * one it skips ahead rather than firing a second's worth of ticks back to back.
 */
export class Ticker {
  private timer: unknown = null
  private base = 0
  private count = 0

  constructor(
    private intervalMs: number,
    private readonly onTick: () => void,
    private readonly clock: Clock = realClock,
    private readonly maxLagMs = 1000
  ) {}

  get running(): boolean {
    return this.timer !== null
  }

  /** The first tick comes one interval from now. */
  start(intervalMs = this.intervalMs): void {
    this.stop()
    this.intervalMs = intervalMs
    this.base = this.clock.now()
    this.count = 0
    this.arm()
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  private arm(): void {
    this.count++
    let due = this.base + this.count * this.intervalMs
    const now = this.clock.now()
    if (now - due > Math.max(this.maxLagMs, this.intervalMs)) {
      this.base = now
      this.count = 1
      due = now + this.intervalMs
    }
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, due - now))
  }

  private fire(): void {
    this.arm()
    this.onTick()
  }
}
