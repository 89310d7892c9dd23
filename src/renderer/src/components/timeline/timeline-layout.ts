/**
 * The timeline's pure math: the visible time window, mapping between time and pixels, zoom
 * and pan, axis ticks, and binning many events into pixel columns. No DOM, no canvas.
 */

/** The visible time range, epoch ms, start < end. */
export interface TimeWindow {
  start: number
  end: number
}

export const MIN_SPAN_MS = 100
export const MAX_SPAN_MS = 6 * 3_600_000
export const DEFAULT_SPAN_MS = 60_000
/** While following live, this much of the window lies ahead of now, so the newest tick is not cut at the edge. */
export const LIVE_LEAD = 0.025

export function spanOf(win: TimeWindow): number {
  return win.end - win.start
}

export function timeToX(time: number, win: TimeWindow, width: number): number {
  return ((time - win.start) / (win.end - win.start)) * width
}

export function xToTime(x: number, win: TimeWindow, width: number): number {
  return win.start + (x / width) * (win.end - win.start)
}

export function clampSpan(span: number): number {
  return Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span))
}

/** The window of a given span whose right part tracks `now`. */
export function liveWindow(now: number, span: number): TimeWindow {
  const s = clampSpan(span)
  return { start: now - s * (1 - LIVE_LEAD), end: now + s * LIVE_LEAD }
}

/**
 * Scales the window by `factor` (below 1 zooms in) keeping `anchor` (a time) at the same
 * place on screen; the span stays within MIN_SPAN_MS..MAX_SPAN_MS.
 */
export function zoomAround(win: TimeWindow, factor: number, anchor: number): TimeWindow {
  const span = spanOf(win)
  const next = clampSpan(span * factor)
  const fraction = span > 0 ? (anchor - win.start) / span : 0.5
  const start = anchor - fraction * next
  return { start, end: start + next }
}

export function panBy(win: TimeWindow, deltaMs: number): TimeWindow {
  return { start: win.start + deltaMs, end: win.end + deltaMs }
}

/** Turns a wheel event's deltaY into a zoom factor: pinch (ctrl) deltas are small, mouse wheel ones large. */
export function wheelZoomFactor(deltaY: number, deltaMode: number, pinch: boolean): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY
  const clamped = Math.max(-300, Math.min(300, pixels))
  return Math.exp(clamped * (pinch ? 0.01 : 0.0015))
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/** Spacings the axis may use, smallest first. */
export const NICE_STEPS: readonly number[] = [
  1,
  2,
  5,
  10,
  20,
  25,
  50,
  100,
  200,
  250,
  500,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR
]

/** The smallest nice spacing that keeps labelled ticks at least `minPx` apart. */
export function chooseTickStep(spanMs: number, widthPx: number, minPx: number): number {
  if (widthPx <= 0 || spanMs <= 0) return NICE_STEPS[NICE_STEPS.length - 1] as number
  const minMs = (spanMs / widthPx) * minPx
  for (const step of NICE_STEPS) if (step >= minMs) return step
  return NICE_STEPS[NICE_STEPS.length - 1] as number
}

/** A subdivision of `step` for unlabelled minor ticks, about 5 per step and at least `minPx` apart, or null. */
export function chooseMinorStep(step: number, spanMs: number, widthPx: number, minPx: number): number | null {
  let best: number | null = null
  for (const candidate of NICE_STEPS) {
    if (candidate >= step) break
    const parts = step / candidate
    if (!Number.isInteger(parts) || parts > 10) continue
    if ((candidate / spanMs) * widthPx < minPx) continue
    if (best === null || Math.abs(parts - 5) < Math.abs(step / best - 5)) best = candidate
  }
  return best
}

/**
 * Tick times inside the window, multiples of `step` in local time (`tzOffsetMs` is what
 * local time is ahead of UTC, so hour ticks land on local hours).
 */
export function tickTimes(win: TimeWindow, step: number, tzOffsetMs = 0): number[] {
  const first = Math.ceil((win.start + tzOffsetMs) / step) * step - tzOffsetMs
  const out: number[] = []
  for (let t = first; t <= win.end && out.length < 1000; t += step) out.push(t)
  return out
}

/** The local-time offset from UTC at `time`, in ms (positive east of Greenwich). */
export function localOffsetMs(time: number): number {
  return -new Date(time).getTimezoneOffset() * MINUTE
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** HH:MM:SS, with milliseconds when ticks are less than a second apart. */
export function formatTickLabel(time: number, step: number): string {
  const d = new Date(time)
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  return step < SECOND ? `${clock}.${pad(d.getMilliseconds(), 3)}` : clock
}

/** A window span for people: 850 ms, 12 s, 1.5 min, 2 h. */
export function formatSpan(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)} ms`
  if (ms < MINUTE) return `${trim(ms / SECOND)} s`
  if (ms < HOUR) return `${trim(ms / MINUTE)} min`
  return `${trim(ms / HOUR)} h`
}

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10)
}

/** A rate for the strip's label: 0.5, 12, 1.2k. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 10_000) return `${Math.round(perSecond / 1000)}k`
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k`
  if (perSecond >= 10) return String(Math.round(perSecond))
  return String(Math.round(perSecond * 10) / 10)
}

/**
 * Counts per pixel column and per type slot, reused between draws so a redraw allocates
 * nothing. Slot 0..slots-1; callers fold rare types into a shared last slot.
 */
export class ColumnBins {
  counts: Uint32Array
  totals: Uint32Array
  /** The highest total of any column since the last reset. */
  max = 0
  /** How many events were added since the last reset. */
  added = 0

  constructor(
    public width: number,
    public readonly slots: number
  ) {
    this.counts = new Uint32Array(Math.max(1, width * slots))
    this.totals = new Uint32Array(Math.max(1, width))
  }

  /** Clears the counts, growing the buffers if the width grew. */
  reset(width: number): void {
    if (width * this.slots > this.counts.length) {
      this.counts = new Uint32Array(width * this.slots)
      this.totals = new Uint32Array(width)
    } else {
      this.counts.fill(0, 0, Math.max(this.width, width) * this.slots)
      this.totals.fill(0, 0, Math.max(this.width, width))
    }
    this.width = width
    this.max = 0
    this.added = 0
  }

  /** Counts one event at pixel column `column` (ignored outside 0..width-1). */
  add(column: number, slot: number): void {
    if (column < 0 || column >= this.width) return
    const c = column | 0
    this.counts[c * this.slots + slot] = (this.counts[c * this.slots + slot] as number) + 1
    const total = (this.totals[c] as number) + 1
    this.totals[c] = total
    if (total > this.max) this.max = total
    this.added += 1
  }

  count(column: number, slot: number): number {
    return this.counts[column * this.slots + slot] ?? 0
  }

  total(column: number): number {
    return this.totals[column] ?? 0
  }

  /** True when no column holds more than one event: each can be drawn as its own tick. */
  get sparse(): boolean {
    return this.max <= 1
  }
}

/** While no pixel column holds more events than this, every column is drawn as a full-height tick. */
export const TICK_MODE_MAX = 3

/**
 * The height of an aggregated column, log-scaled so a lone event stays visible next to a
 * burst of thousands: `full` for the busiest column, never below `min`. A lane whose columns
 * hold a few events at most is all full-height ticks: there, heights would only show where
 * two events happened to share a pixel.
 */
export function barHeight(count: number, max: number, full: number, min: number): number {
  if (count <= 0) return 0
  if (max <= TICK_MODE_MAX) return full
  return Math.max(min, full * (Math.log1p(count) / Math.log1p(max)))
}

/** Buckets of the rate strip: aligned to multiples of `size` so they do not shimmer while the window moves. */
export interface RateBuckets {
  size: number
  first: number
  count: number
}

/** Rates over less than this are just one event or none: spikes, not a rate. */
export const MIN_RATE_BUCKET_MS = 10

export function rateBuckets(win: TimeWindow, widthPx: number, minPx: number): RateBuckets {
  const span = spanOf(win)
  const minMs = Math.max(MIN_RATE_BUCKET_MS, widthPx > 0 ? (span / widthPx) * minPx : span)
  let size = NICE_STEPS[NICE_STEPS.length - 1] as number
  for (const step of NICE_STEPS) {
    if (step >= minMs) {
      size = step
      break
    }
  }
  const first = Math.floor(win.start / size) * size
  const count = Math.max(1, Math.ceil((win.end - first) / size))
  return { size, first, count }
}

export function bucketIndex(time: number, buckets: RateBuckets): number {
  return Math.floor((time - buckets.first) / buckets.size)
}
