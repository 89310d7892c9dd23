import { describe, expect, it } from 'vitest'
import { MAX_TIMER_MS, waitThen, type Timers } from './reconnect-scheduler'

/** Timers on a virtual clock: `advance` fires whatever is due, in order. */
function virtualTimers() {
  let now = 0
  let next = 0
  const pending = new Map<number, { at: number; fn: () => void; ms: number }>()
  const requested: number[] = []
  const timers: Timers = {
    set: (fn, ms) => {
      requested.push(ms)
      pending.set(++next, { at: now + ms, fn, ms })
      return next
    },
    clear: (handle) => pending.delete(handle as number)
  }
  const advance = (ms: number): void => {
    const until = now + ms
    for (;;) {
      const due = [...pending].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      pending.delete(due[0])
      now = due[1].at
      due[1].fn()
    }
    now = until
  }
  return { timers, advance, requested, pending, now: () => now }
}

describe('waitThen', () => {
  it('waits a delay over 2^31 − 1 ms in full, with no timer longer than Node honours', () => {
    const v = virtualTimers()
    let fired = -1
    waitThen(2147483648, () => (fired = v.now()), v.timers)
    v.advance(MAX_TIMER_MS)
    expect(fired).toBe(-1)
    v.advance(1)
    expect(fired).toBe(2147483648)
    expect(v.requested).toEqual([MAX_TIMER_MS, 1])
    expect(Math.max(...v.requested)).toBeLessThanOrEqual(MAX_TIMER_MS)
  })

  it('waits Number.MAX_SAFE_INTEGER ms without ever firing early', () => {
    const v = virtualTimers()
    let fired = false
    waitThen(Number.MAX_SAFE_INTEGER, () => (fired = true), v.timers)
    v.advance(MAX_TIMER_MS * 1000)
    expect(fired).toBe(false)
    expect(v.requested.every((ms) => ms <= MAX_TIMER_MS)).toBe(true)
  })

  it('fires short delays with one timer, and never after being cancelled, even mid-chain', () => {
    const v = virtualTimers()
    let short = 0
    waitThen(500, () => short++, v.timers)
    v.advance(500)
    expect(short).toBe(1)
    let long = 0
    const cancel = waitThen(MAX_TIMER_MS * 3, () => long++, v.timers)
    v.advance(MAX_TIMER_MS + 5)
    cancel()
    v.advance(MAX_TIMER_MS * 3)
    expect(long).toBe(0)
    expect(v.pending.size).toBe(0)
  })
})
