import { describe, expect, it } from 'vitest'
import type { Frame } from '../../../shared/frames'
import { FrameLog } from './frame-log'

const comment = (n: number): Frame => ({ kind: 'comment', text: String(n), connectionId: 'c', time: n })

describe('FrameLog', () => {
  it('keeps frames in arrival order', () => {
    const log = new FrameLog(10)
    log.append([comment(1), comment(2)])
    log.append([comment(3)])
    expect([0, 1, 2].map((i) => (log.at(i) as { text: string }).text)).toEqual(['1', '2', '3'])
    expect(log.size).toBe(3)
    expect(log.at(3)).toBeUndefined()
  })

  it('drops the oldest frames past its capacity and counts them', () => {
    const log = new FrameLog(3)
    log.append([1, 2, 3, 4, 5].map(comment))
    expect(log.size).toBe(3)
    expect(log.dropped).toBe(2)
    expect(log.total).toBe(5)
    expect([0, 1, 2].map((i) => log.at(i)?.time)).toEqual([3, 4, 5])
  })

  it('finds frames by sequence number while older ones are dropped', () => {
    const log = new FrameLog(3)
    log.append([0, 1, 2, 3, 4].map(comment))
    expect(log.firstSeq).toBe(2)
    expect(log.bySeq(4)?.time).toBe(4)
    expect(log.bySeq(1)).toBeUndefined()
    log.clear()
    log.append([comment(5)])
    expect(log.bySeq(5)?.time).toBe(5)
    expect(log.bySeq(4)).toBeUndefined()
  })
})
