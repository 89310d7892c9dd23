import { describe, expect, it } from 'vitest'
import { manualClock } from './manual-clock'
import { Ticker } from './ticker'

describe('Ticker', () => {
  it('keeps its rate when each tick takes time, where setInterval would drift', () => {
    const clock = manualClock()
    const times: number[] = []
    const ticker = new Ticker(
      20,
      () => {
        times.push(clock.now())
        clock.work(6)
      },
      clock
    )
    ticker.start()
    clock.runUntil(1000)
    ticker.stop()
    expect(times).toHaveLength(50)
    expect(times.at(-1)).toBe(1000)
  })

  it('catches up after a short hiccup, so the rate holds', () => {
    const clock = manualClock()
    const times: number[] = []
    const ticker = new Ticker(
      10,
      () => {
        times.push(clock.now())
        if (times.length === 1) clock.work(100)
      },
      clock
    )
    ticker.start()
    clock.runUntil(200)
    expect(times).toHaveLength(20)
  })

  it('skips ahead after a long stall instead of bursting', () => {
    const clock = manualClock()
    const times: number[] = []
    const ticker = new Ticker(
      10,
      () => {
        times.push(clock.now())
        if (times.length === 1) clock.work(5000)
      },
      clock
    )
    ticker.start()
    clock.runUntil(5200)
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0))
    expect(gaps.every((g) => g >= 10)).toBe(true)
    expect(times.length).toBeLessThan(25)
  })

  it('restarts on a new interval', () => {
    const clock = manualClock()
    let n = 0
    const ticker = new Ticker(100, () => n++, clock)
    ticker.start()
    clock.runUntil(300)
    ticker.start(10)
    clock.runUntil(400)
    expect(n).toBe(13)
    ticker.stop()
    expect(ticker.running).toBe(false)
  })
})
