import { describe, expect, it } from 'vitest'
import { ReplayBuffer, type BufferedEvent } from './replay-buffer'
import { WireChunk } from './wire-chunk'

const ev = (id: number, size = 4): BufferedEvent => ({ id, chunk: new WireChunk(Buffer.alloc(size, 'x')) })

function filled(from: number, to: number, buffer = new ReplayBuffer(100)): ReplayBuffer {
  for (let id = from; id <= to; id++) buffer.push(ev(id))
  return buffer
}

describe('ReplayBuffer', () => {
  it('replays exactly the events after the given id', () => {
    const b = filled(1, 10)
    const r = b.since(6, 11)
    expect(r.kind).toBe('replay')
    expect(r.kind === 'replay' && r.events.map((e) => e.id)).toEqual([7, 8, 9, 10])
    expect(b.since(10, 11)).toEqual({ kind: 'replay', events: [] })
    expect(b.since(0, 11).kind).toBe('replay')
  })

  it('reports a gap when the id is older than what is kept, with what is left', () => {
    const b = filled(1, 250)
    expect(b.size).toBe(100)
    const r = b.since(100, 251)
    expect(r).toMatchObject({ kind: 'gap', missedFrom: 101, missedTo: 150 })
    expect(r.kind === 'gap' && r.events[0]?.id).toBe(151)
    expect(r.kind === 'gap' && r.events).toHaveLength(100)
  })

  it('reports an id newer than anything sent as ahead', () => {
    expect(filled(1, 5).since(9, 6)).toEqual({ kind: 'ahead', newest: 5 })
  })

  it('reports a gap when nothing is kept but events were sent', () => {
    expect(new ReplayBuffer(10).since(3, 8)).toEqual({ kind: 'gap', missedFrom: 4, missedTo: 7, events: [] })
    expect(new ReplayBuffer(10).since(7, 8)).toEqual({ kind: 'replay', events: [] })
  })

  it('is bounded by bytes as well as by count, keeping at least the newest event', () => {
    const b = new ReplayBuffer(1000, 100)
    for (let id = 1; id <= 50; id++) b.push(ev(id, 10))
    expect(b.size).toBe(10)
    b.push(ev(51, 500))
    expect(b.size).toBe(1)
    expect(b.newest()?.id).toBe(51)
  })

  it('stays correct across internal compaction', () => {
    const b = filled(1, 5000, new ReplayBuffer(300))
    const r = b.since(4800, 5001)
    expect(r.kind === 'replay' && r.events.map((e) => e.id)).toEqual(Array.from({ length: 200 }, (_, i) => 4801 + i))
  })
})
