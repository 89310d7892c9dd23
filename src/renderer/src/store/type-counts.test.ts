import { describe, expect, it } from 'vitest'
import type { Frame } from '../../../shared/frames'
import { FrameLog } from './frame-log'
import { TypeCounts } from './type-counts'

const ev = (type: string): Frame => ({ kind: 'event', type, data: '', lastEventId: '', raw: '', connectionId: 'c', time: 0 })

/** A log and its counts fed the way frame-ingest feeds them. */
function feed(log: FrameLog, counts: TypeCounts, frames: Frame[]): void {
  frames.forEach((f, i) => f.kind === 'event' && counts.add(f.type, log.total + i))
  log.append(frames, (f, seq) => f.kind === 'event' && counts.remove(f.type, seq))
}

/** What the counts should be: recount the frames the log holds. */
function recount(log: FrameLog): Map<string, number> {
  const m = new Map<string, number>()
  for (let i = 0; i < log.size; i++) {
    const f = log.at(i)
    if (f?.kind === 'event') m.set(f.type, (m.get(f.type) ?? 0) + 1)
  }
  return m
}

describe('TypeCounts', () => {
  it('tracks at most its limit of types and counts the rest as other', () => {
    const counts = new TypeCounts(3)
    const log = new FrameLog(1000)
    feed(log, counts, ['a', 'b', 'a', 'c', 'd', 'e', 'd', 'a'].map(ev))
    expect(counts.size).toBe(3)
    expect(counts.top(10)).toEqual([
      ['a', 3],
      ['b', 1],
      ['c', 1]
    ])
    expect(counts.other).toBe(3)
  })

  it('forgets what leaves the ring buffer, so 200,000 distinct types leave as many counts as the buffer holds', () => {
    const counts = new TypeCounts(50)
    const log = new FrameLog(100)
    for (let i = 0; i < 2000; i++) feed(log, counts, [ev(`t${i}`), ev(`t${i}`)].concat(i % 3 ? [] : [ev('common')]))
    expect(counts.size).toBeLessThanOrEqual(50)
    const truth = recount(log)
    let tracked = 0
    for (const [type, n] of counts.top(1000)) {
      expect(n).toBe(truth.get(type))
      tracked += n
    }
    // every event held is counted once: by its type, or in other
    expect(tracked + counts.other).toBe(log.size)
  })

  it('stays exact when a type counted in other is tracked later, as its old events leave', () => {
    const counts = new TypeCounts(1)
    const log = new FrameLog(4)
    feed(log, counts, [ev('a'), ev('b')]) // b goes to other
    feed(log, counts, [ev('x'), ev('x')])
    feed(log, counts, [ev('y')]) // a leaves: its slot is free
    feed(log, counts, [ev('b'), ev('b')]) // b is tracked from here; the old b leaves from other
    expect(counts.top(5)).toEqual([['b', 2]])
    expect(counts.other).toBe(2) // x and y
    feed(log, counts, [ev('z'), ev('z')])
    expect(counts.top(5)).toEqual([['b', 2]])
    expect(counts.other).toBe(2)
    expect(recount(log)).toEqual(
      new Map([
        ['b', 2],
        ['z', 2]
      ])
    )
  })

  it('finds types by name, most events first, and bumps its version on every change', () => {
    const counts = new TypeCounts()
    const v = counts.version
    for (const t of ['Delta', 'delta.x', 'done', 'delta.x']) counts.add(t, 0)
    expect(counts.version).toBe(v + 4)
    expect(counts.top(5, 'DELTA')).toEqual([
      ['delta.x', 2],
      ['Delta', 1]
    ])
    expect(counts.top(1)).toEqual([['delta.x', 2]])
    counts.clear()
    expect(counts.size).toBe(0)
    expect(counts.version).toBe(v + 5)
  })
})

describe('FrameLog eviction', () => {
  it('reports each frame the capacity pushes out with its sequence number, oldest first, even within one batch', () => {
    const log = new FrameLog(3)
    const out: Array<[string, number]> = []
    const onEvict = (f: Frame, seq: number) => f.kind === 'event' && out.push([f.type, seq])
    log.append([ev('a'), ev('b')], onEvict)
    log.append([ev('c'), ev('d'), ev('e'), ev('f'), ev('g')], onEvict)
    expect(out).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3]
    ])
    expect([log.firstSeq, log.at(0), log.size]).toEqual([4, ev('e'), 3])
  })
})
