import type { TimedFrame } from '../../../../shared/llm'

/**
 * Gaps (ms) between consecutive content chunks, in order: the series the timing panel plots.
 * `contentFrames` are indices into `frames` (an assembler snapshot's `contentFrames`); indices
 * outside it are skipped, as `measureTiming` does.
 */
export function chunkGaps(frames: readonly TimedFrame[], contentFrames: readonly number[]): number[] {
  const gaps: number[] = []
  let previous: number | null = null
  for (const index of contentFrames) {
    const frame = frames[index]
    if (!frame) continue
    if (previous !== null) gaps.push(frame.time - previous)
    previous = frame.time
  }
  return gaps
}

/**
 * At most `bars` values from `gaps`, each the largest gap of its run of consecutive gaps, so a
 * stall is never averaged away however long the answer. Returns the gaps themselves when they fit.
 */
export function maxPerBucket(gaps: readonly number[], bars: number): number[] {
  if (gaps.length <= bars) return gaps.slice()
  const out: number[] = []
  for (let b = 0; b < bars; b++) {
    const from = Math.floor((b * gaps.length) / bars)
    const to = Math.floor(((b + 1) * gaps.length) / bars)
    let max = 0
    for (let i = from; i < to; i++) max = Math.max(max, gaps[i] as number)
    out.push(max)
  }
  return out
}
