import { describe, expect, it } from 'vitest'
import {
  barHeight,
  bucketIndex,
  chooseMinorStep,
  chooseTickStep,
  clampSpan,
  ColumnBins,
  formatRate,
  formatSpan,
  formatTickLabel,
  LIVE_LEAD,
  liveWindow,
  MAX_SPAN_MS,
  MIN_SPAN_MS,
  NICE_STEPS,
  panBy,
  rateBuckets,
  spanOf,
  tickTimes,
  timeToX,
  wheelZoomFactor,
  xToTime,
  zoomAround
} from './timeline-layout'

const T0 = 1_764_000_000_000

describe('time ↔ x', () => {
  const win = { start: T0, end: T0 + 60_000 }

  it('maps the window onto the width, linearly', () => {
    expect(timeToX(T0, win, 600)).toBe(0)
    expect(timeToX(T0 + 60_000, win, 600)).toBe(600)
    expect(timeToX(T0 + 15_000, win, 600)).toBe(150)
    expect(timeToX(T0 - 10_000, win, 600)).toBe(-100)
  })

  it('inverts', () => {
    for (const x of [0, 1, 123.5, 599, 600]) expect(timeToX(xToTime(x, win, 600), win, 600)).toBeCloseTo(x, 6)
  })
})

describe('zoom and pan', () => {
  const win = { start: T0, end: T0 + 60_000 }

  it('zooms around a point, which stays put on screen', () => {
    const anchor = T0 + 45_000
    const zoomed = zoomAround(win, 0.5, anchor)
    expect(spanOf(zoomed)).toBe(30_000)
    expect(timeToX(anchor, zoomed, 1000)).toBeCloseTo(timeToX(anchor, win, 1000), 6)
    const out = zoomAround(zoomed, 2, anchor)
    expect(out.start).toBeCloseTo(win.start, 6)
    expect(out.end).toBeCloseTo(win.end, 6)
  })

  it('keeps the span between 100 ms and a few hours', () => {
    expect(spanOf(zoomAround(win, 1e-9, T0))).toBe(MIN_SPAN_MS)
    expect(spanOf(zoomAround(win, 1e9, T0))).toBe(MAX_SPAN_MS)
    expect(clampSpan(50)).toBe(MIN_SPAN_MS)
    expect(MAX_SPAN_MS).toBeGreaterThanOrEqual(3 * 3_600_000)
    // Clamped zooms still keep the anchor in place.
    const anchor = T0 + 10_000
    const tiny = zoomAround(win, 1e-9, anchor)
    expect(timeToX(anchor, tiny, 1000)).toBeCloseTo(timeToX(anchor, win, 1000), 2)
  })

  it('pans by a time delta', () => {
    expect(panBy(win, -5000)).toEqual({ start: T0 - 5000, end: T0 + 55_000 })
  })

  it('follows live with the right edge just past now', () => {
    const live = liveWindow(T0, 60_000)
    expect(spanOf(live)).toBeCloseTo(60_000, 6)
    expect(live.end).toBeCloseTo(T0 + 60_000 * LIVE_LEAD, 6)
    expect(live.end - T0).toBeLessThan(0.05 * 60_000)
  })

  it('turns wheel deltas into zoom factors: down zooms out, up in, pinch finer', () => {
    expect(wheelZoomFactor(100, 0, false)).toBeGreaterThan(1)
    expect(wheelZoomFactor(-100, 0, false)).toBeLessThan(1)
    expect(wheelZoomFactor(100, 0, false) * wheelZoomFactor(-100, 0, false)).toBeCloseTo(1, 9)
    // Line-mode deltas (Firefox) are scaled like pixels; huge deltas are capped.
    expect(wheelZoomFactor(3, 1, false)).toBeCloseTo(wheelZoomFactor(48, 0, false), 9)
    expect(wheelZoomFactor(10_000, 0, false)).toBe(wheelZoomFactor(300, 0, false))
    // A pinch gesture sends small deltas, so it is more sensitive.
    expect(wheelZoomFactor(5, 0, true)).toBeGreaterThan(wheelZoomFactor(5, 0, false))
  })
})

describe('axis ticks', () => {
  it('chooses the smallest nice step that keeps labels apart', () => {
    // 60 s over 600 px with labels at least 100 px apart: 10 s.
    expect(chooseTickStep(60_000, 600, 100)).toBe(10_000)
    expect(chooseTickStep(60_000, 1200, 100)).toBe(5000)
    expect(chooseTickStep(100, 1000, 90)).toBe(10)
    expect(chooseTickStep(3 * 3_600_000, 800, 90)).toBe(30 * 60_000)
    for (const [span, width] of [
      [100, 300],
      [1234, 777],
      [60_000, 900],
      [6 * 3_600_000, 1920]
    ] as const) {
      const step = chooseTickStep(span, width, 96)
      expect(NICE_STEPS).toContain(step)
      expect((step / span) * width).toBeGreaterThanOrEqual(96)
    }
  })

  it('subdivides into minor ticks', () => {
    expect(chooseMinorStep(10_000, 60_000, 600, 10)).toBe(2000)
    expect(chooseMinorStep(1000, 60_000, 600, 10)).toBeNull()
    const minor = chooseMinorStep(15_000, 120_000, 800, 8)
    expect(minor).not.toBeNull()
    expect(15_000 % (minor as number)).toBe(0)
  })

  it('places ticks on multiples of the step in local time', () => {
    const win = { start: T0 + 1234, end: T0 + 31_234 }
    const ticks = tickTimes(win, 10_000)
    expect(ticks.every((t) => t % 10_000 === 0)).toBe(true)
    expect(ticks[0]).toBeGreaterThanOrEqual(win.start)
    expect(ticks[ticks.length - 1]).toBeLessThanOrEqual(win.end)
    expect(ticks).toHaveLength(3)
    // Hour ticks in UTC+05:30 fall on local hours, not UTC ones.
    const offset = 5.5 * 3_600_000
    const hours = tickTimes({ start: T0, end: T0 + 6 * 3_600_000 }, 3_600_000, offset)
    expect(hours.every((t) => (t + offset) % 3_600_000 === 0)).toBe(true)
  })

  it('labels HH:MM:SS, with milliseconds once ticks are under a second apart', () => {
    const t = new Date(2026, 0, 2, 9, 5, 7, 250).getTime()
    expect(formatTickLabel(t, 5000)).toBe('09:05:07')
    expect(formatTickLabel(t, 250)).toBe('09:05:07.250')
    expect(formatTickLabel(t, 10)).toBe('09:05:07.250')
  })

  it('formats spans and rates compactly', () => {
    expect(formatSpan(100)).toBe('100 ms')
    expect(formatSpan(5400)).toBe('5.4 s')
    expect(formatSpan(60_000)).toBe('1 min')
    expect(formatSpan(90_000)).toBe('1.5 min')
    expect(formatSpan(3 * 3_600_000)).toBe('3 h')
    expect(formatRate(0.25)).toBe('0.3')
    expect(formatRate(19.6)).toBe('20')
    expect(formatRate(1234)).toBe('1.2k')
    expect(formatRate(54_321)).toBe('54k')
  })
})

describe('per-pixel aggregation', () => {
  it('counts events per column and type, tracking the busiest column', () => {
    const bins = new ColumnBins(10, 3)
    bins.add(2, 0)
    bins.add(2, 1)
    bins.add(2, 1)
    bins.add(7.9, 2)
    bins.add(-1, 0)
    bins.add(10, 0)
    expect(bins.added).toBe(4)
    expect(bins.total(2)).toBe(3)
    expect(bins.count(2, 1)).toBe(2)
    expect(bins.count(7, 2)).toBe(1)
    expect(bins.max).toBe(3)
    expect(bins.sparse).toBe(false)
  })

  it('is sparse while every event has its own column', () => {
    const bins = new ColumnBins(100, 2)
    for (let c = 0; c < 100; c += 3) bins.add(c, c % 2)
    expect(bins.sparse).toBe(true)
  })

  it('resets for reuse, growing when the width grows', () => {
    const bins = new ColumnBins(4, 2)
    bins.add(3, 1)
    bins.reset(4)
    expect([bins.total(3), bins.count(3, 1), bins.max, bins.added]).toEqual([0, 0, 0, 0])
    bins.reset(50)
    bins.add(49, 1)
    expect(bins.count(49, 1)).toBe(1)
    bins.reset(20)
    expect(bins.total(49)).toBe(0)
  })

  it('bins 100,000 events in one cheap pass', () => {
    const width = 1200
    const bins = new ColumnBins(width, 24)
    // one add per event, each a constant-time count (the speed itself is bench/ui.bench.ts's)
    for (let i = 0; i < 100_000; i++) bins.add((i * width) / 100_000, i % 3)
    expect(bins.added).toBe(100_000)
    let sum = 0
    for (let c = 0; c < width; c++) sum += bins.total(c)
    expect(sum).toBe(100_000)
    expect(bins.max).toBe(Math.ceil(100_000 / width))
  })

  it('scales bar height with the log of the count, so one event stays visible beside thousands', () => {
    expect(barHeight(0, 100, 60, 3)).toBe(0)
    expect(barHeight(1, 1, 60, 3)).toBe(60)
    expect(barHeight(5000, 5000, 60, 3)).toBeCloseTo(60)
    expect(barHeight(1, 5000, 60, 3)).toBeGreaterThanOrEqual(3)
    // A few events per column at most: all ticks, full height.
    expect(barHeight(1, 3, 60, 3)).toBe(60)
    expect(barHeight(1, 4, 60, 3)).toBeLessThan(60)
    const heights = [1, 2, 10, 100, 1000].map((n) => barHeight(n, 1000, 60, 3))
    for (let i = 1; i < heights.length; i++) expect(heights[i]).toBeGreaterThan(heights[i - 1] as number)
  })
})

describe('rate buckets', () => {
  it('uses nice bucket sizes aligned to their multiples', () => {
    const win = { start: T0 + 123, end: T0 + 60_123 }
    const b = rateBuckets(win, 600, 6)
    expect(b.size).toBe(1000)
    expect(b.first % b.size).toBe(0)
    expect(b.first).toBeLessThanOrEqual(win.start)
    expect(b.first + b.count * b.size).toBeGreaterThanOrEqual(win.end)
    expect(bucketIndex(win.start, b)).toBe(0)
    expect(bucketIndex(b.first + 2500, b)).toBe(2)
    // Zoomed all the way in, buckets stay wide enough to mean a rate.
    expect(rateBuckets({ start: T0, end: T0 + 100 }, 1000, 6).size).toBe(10)
  })
})
