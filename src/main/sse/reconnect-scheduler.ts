/**
 * Waits of any length, on timers that cannot: Node runs any setTimeout over 2^31 − 1 ms after
 * 1 ms (with a TimeoutOverflowWarning), so a `retry: 2147483648` would reconnect at once. Long
 * waits are chained from timers of at most that length.
 */

/** The longest delay Node's setTimeout honours, in ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** The timer functions the client uses, injectable so tests can run scheduling on virtual time. */
export interface Timers {
  /** Calls `fn` once after `ms` milliseconds (at most MAX_TIMER_MS); returns a handle for clear. */
  set: (fn: () => void, ms: number) => unknown
  clear: (handle: unknown) => void
}

export const systemTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout)
}

/**
 * Calls `fn` once after `delayMs` milliseconds (any finite non-negative number, however large),
 * chaining timers of at most MAX_TIMER_MS. Returns the function that cancels it.
 */
export function waitThen(delayMs: number, fn: () => void, timers: Timers = systemTimers): () => void {
  let handle: unknown = null
  let cancelled = false
  const step = (remaining: number): void => {
    const now = Math.min(remaining, MAX_TIMER_MS)
    handle = timers.set(() => {
      handle = null
      if (cancelled) return
      if (remaining > now) step(remaining - now)
      else fn()
    }, now)
  }
  step(Math.max(0, delayMs))
  return () => {
    cancelled = true
    if (handle !== null) timers.clear(handle)
    handle = null
  }
}
