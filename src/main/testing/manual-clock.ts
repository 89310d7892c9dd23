import type { Clock } from '../demo-server/ticker'

export type ManualClock = Clock & {
  /** Fires every timer due up to `t` (ms), in order, moving time to each; then time is `t`. */
  runUntil: (t: number) => void
  pending: () => number
}

/** A clock where time moves only when the test says, so paced output is tested without sleeping. */
export function manualClock(): ManualClock {
  let now = 0
  let timers: Array<{ at: number; fn: () => void }> = []
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { at: now + Math.max(0, ms), fn }
      timers.push(timer)
      return timer
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t !== handle)
    },
    pending: () => timers.length,
    runUntil(end) {
      for (;;) {
        timers.sort((a, b) => a.at - b.at)
        const next = timers[0]
        if (!next || next.at > end) break
        timers.shift()
        now = Math.max(now, next.at)
        next.fn()
      }
      now = end
    }
  }
}
