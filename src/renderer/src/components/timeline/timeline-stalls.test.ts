import { describe, expect, it } from 'vitest'
import type { LlmStall } from '../../../../shared/llm'
import { stallRanges } from './timeline-stalls'
import type { Scene } from './timeline-scene'

// stallRanges reads only the window and the plot's position.
const scene = { win: { start: 10_000, end: 20_000 }, plotX: 100, plotW: 1000 } as Scene
const stall = (start: number, end: number): LlmStall => ({ start, end, gapMs: end - start, frame: 2, afterFrame: 1 })

describe('stallRanges', () => {
  it('places a stall from the chunk before the gap to the one that ended it', () => {
    expect(stallRanges(scene, [stall(12_000, 13_500)]).map(({ x0, x1 }) => [x0, x1])).toEqual([[300, 450]])
  })
  it('leaves out stalls outside the window and keeps tiny ones visible', () => {
    const ranges = stallRanges(scene, [stall(1_000, 2_000), stall(15_000, 15_001), stall(25_000, 26_000)])
    expect(ranges).toHaveLength(1)
    expect(ranges[0]!.x1 - ranges[0]!.x0).toBe(2)
  })
})
