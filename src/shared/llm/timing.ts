import type { LlmSnapshot, LlmStall, LlmTiming } from './types'

/** Gaps between content chunks longer than this (ms) are stalls, unless told otherwise. */
export const DEFAULT_STALL_MS = 1000

/** What timing needs of a frame: its kind and time (any Frame fits). */
export interface TimedFrame {
  kind: string
  time: number
}

export interface TimingOptions {
  /** Gaps over this many ms between content chunks are stalls (default 1000). */
  stallMs?: number
  /**
   * Index of the `connecting` frame to measure from; default the first. After a reconnection
   * the request was sent again and a new answer began: pass that attempt's frame to time it.
   */
  startFrame?: number
}

/**
 * Token timing of an answer, from frame times alone (no clock is read).
 *
 * `frames` is the connection's frame log; `content` says which of its indices carried text or
 * reasoning (an assembler snapshot's `contentFrames`, fed with those same indices) and how many
 * characters. Times are measured from the first `connecting` frame; with none (a parsed capture)
 * the "from connecting" figures are null. Percentiles are nearest-rank over the gaps between
 * consecutive content chunks; with fewer than two chunks they are null. Content indices outside
 * `frames` are ignored.
 */
export function measureTiming(
  frames: readonly TimedFrame[],
  content: Pick<LlmSnapshot, 'contentFrames' | 'contentChars'>,
  options: TimingOptions = {}
): LlmTiming {
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS
  const startIndex = options.startFrame ?? frames.findIndex((f) => f.kind === 'connecting')
  const start = startIndex >= 0 ? (frames[startIndex] as TimedFrame).time : null
  const since = (t: number | undefined): number | null => (start === null || t === undefined ? null : t - start)
  const after = startIndex >= 0 ? startIndex : 0
  const firstOf = (kind: string): number | undefined => frames.slice(after).find((f) => f.kind === kind)?.time

  const chunks = content.contentFrames.filter((i) => i >= 0 && i < frames.length)
  const times = chunks.map((i) => (frames[i] as TimedFrame).time)
  const gaps: number[] = []
  const stalls: LlmStall[] = []
  for (let k = 1; k < times.length; k++) {
    const gap = (times[k] as number) - (times[k - 1] as number)
    gaps.push(gap)
    if (gap > stallMs) {
      stalls.push({
        start: times[k - 1] as number,
        end: times[k] as number,
        gapMs: gap,
        frame: chunks[k] as number,
        afterFrame: chunks[k - 1] as number
      })
    }
  }
  const sorted = gaps.slice().sort((a, b) => a - b)
  const span = times.length >= 2 ? (times[times.length - 1] as number) - (times[0] as number) : 0
  const last = frames[frames.length - 1]

  return {
    ttfbMs: since(firstOf('open')),
    firstEventMs: since(firstOf('event')),
    ttftMs: since(times[0]),
    durationMs: start === null || !last ? null : last.time - start,
    chunks: chunks.length,
    charsPerSecond: span > 0 ? Math.round((content.contentChars / span) * 1000 * 10) / 10 : null,
    gapP50Ms: percentile(sorted, 0.5),
    gapP95Ms: percentile(sorted, 0.95),
    gapMaxMs: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : null,
    stalls
  }
}

/** Nearest-rank percentile of an ascending list, or null when it is empty. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number
}
