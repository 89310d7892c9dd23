import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Frame } from '../../shared/frames'
import { FrameBatcher } from './frame-batcher'

const frame = (n: number): Frame => ({ kind: 'comment', text: String(n), connectionId: 'c', time: n })

describe('FrameBatcher', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends frames that arrive together as one batch after the delay', () => {
    vi.useFakeTimers()
    const batches: Frame[][] = []
    const batcher = new FrameBatcher((b) => batches.push(b), { maxDelayMs: 20, maxFrames: 100 })
    for (let i = 0; i < 5; i++) batcher.add(frame(i))
    expect(batches).toHaveLength(0)
    vi.advanceTimersByTime(20)
    expect(batches).toEqual([[0, 1, 2, 3, 4].map(frame)])
  })

  it('sends a full batch at once, without waiting', () => {
    vi.useFakeTimers()
    const batches: Frame[][] = []
    const batcher = new FrameBatcher((b) => batches.push(b), { maxDelayMs: 1000, maxFrames: 3 })
    for (let i = 0; i < 7; i++) batcher.add(frame(i))
    expect(batches.map((b) => b.length)).toEqual([3, 3])
    batcher.flush()
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1])
    vi.advanceTimersByTime(1000)
    expect(batches).toHaveLength(3)
  })
})
