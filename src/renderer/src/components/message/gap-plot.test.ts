import { describe, expect, it } from 'vitest'
import { chunkGaps, maxPerBucket } from './gap-plot'

describe('chunkGaps', () => {
  it('measures between consecutive content frames only', () => {
    const frames = [
      { kind: 'connecting', time: 0 },
      { kind: 'open', time: 50 },
      { kind: 'event', time: 100 },
      { kind: 'comment', time: 900 },
      { kind: 'event', time: 130 },
      { kind: 'event', time: 1400 }
    ]
    expect(chunkGaps(frames, [2, 4, 5])).toEqual([30, 1270])
    expect(chunkGaps(frames, [2, 99])).toEqual([])
  })
})

describe('maxPerBucket', () => {
  it('keeps the largest gap of each run so a stall survives downsampling', () => {
    const gaps = Array.from({ length: 1000 }, () => 10)
    gaps[777] = 2500
    const bars = maxPerBucket(gaps, 100)
    expect(bars).toHaveLength(100)
    expect(Math.max(...bars)).toBe(2500)
    expect(bars.filter((b) => b === 2500)).toHaveLength(1)
    expect(maxPerBucket([1, 2], 100)).toEqual([1, 2])
  })
})
