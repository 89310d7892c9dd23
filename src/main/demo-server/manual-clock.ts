import type { Clock } from './clock'

/** A clock for tests: time stands still until the test advances it. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance: (ms: number) => void
  /** Moves time forward to `t`, firing every timer due by then, in order. */
  runUntil: (t: number) => void
  /** Moves time forward by `ms` without firing anything, as if the caller had been busy that long. */
  work: (ms: number) => void
  /** Timers armed and not yet fired or cleared. */
  pending: () => number
  /**
   * Resolves once `predicate` holds, checking now and each time a timer is armed or cleared:
   * how a test learns that code running on I/O (a request arriving, a socket closing) has
   * reached the point where it sets or cancels a timer.
   */
  until: (predicate: () => boolean) => Promise<void>
}

/**
 * Timers fire synchronously inside `advance`/`runUntil`, each with `now()` at its due time; a
 * timer armed by another one fires in the same call if it falls due in time. A timer is never
 * due sooner than 1 ms after it was armed, as with Node's own.
 */
export function manualClock(start = 0): ManualClock {
  let now = start
  let timers: Array<{ at: number; order: number; fn: () => void }> = []
  let armed = 0
  const watchers = new Set<() => void>()
  const notify = (): void => {
    for (const watch of [...watchers]) watch()
  }
  const clock: ManualClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { at: now + Math.max(1, ms), order: armed++, fn }
      timers.push(timer)
      notify()
      return timer
    },
    clearTimeout(handle) {
      const before = timers.length
      timers = timers.filter((t) => t !== handle)
      if (timers.length !== before) notify()
    },
    work(ms) {
      now += ms
    },
    advance(ms) {
      clock.runUntil(now + ms)
    },
    runUntil(end) {
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.order - b.order)
        const next = timers[0]
        if (!next || next.at > end) break
        timers.shift()
        now = Math.max(now, next.at)
        next.fn()
      }
      now = Math.max(now, end)
    },
    pending: () => timers.length,
    until(predicate) {
      return new Promise((resolve) => {
        const check = (): void => {
          if (!predicate()) return
          watchers.delete(check)
          resolve()
        }
        watchers.add(check)
        check()
      })
    }
  }
  return clock
}
