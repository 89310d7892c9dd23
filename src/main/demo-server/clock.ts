/**
 * Where the demo server gets its time and its timers from. The server runs on the real one;
 * tests pass a manual clock (manual-clock.ts) so that schedules, grace periods and rate windows
 * move only when the test says so, however busy the machine is.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences between two readings mean anything. */
  now: () => number
  /**
   * Calls `fn` once, `ms` milliseconds from now. `unref` timers do not keep the process alive
   * (Node's `Timeout.unref()`). Returns a handle for `clearTimeout`.
   */
  setTimeout: (fn: () => void, ms: number, options?: { unref?: boolean }) => unknown
  /** Cancels a timer from `setTimeout`; a handle that already fired or was cleared is ignored. */
  clearTimeout: (handle: unknown) => void
}

/** `performance.now()` and Node's timers. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms, options) => {
    const timer = setTimeout(fn, ms)
    if (options?.unref) timer.unref()
    return timer
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout)
}
