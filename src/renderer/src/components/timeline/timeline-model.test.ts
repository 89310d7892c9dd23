import { describe, expect, it } from 'vitest'
import type { Frame } from '../../../../shared/frames'
import { FrameLog } from '../../store/frame-log'
import { deriveLifecycle, LifecycleIndex, lifecycleOverlaps, type LifecycleEntry } from './timeline-model'

const c = 'conn1'
const connecting = (time: number, attempt = 0, connectionId = c): Frame => ({
  kind: 'connecting',
  url: 'http://h:1/s',
  method: 'GET',
  attempt,
  time,
  connectionId
})
const open = (time: number, connectionId = c): Frame => ({
  kind: 'open',
  status: 200,
  headers: {},
  url: 'http://h:1/s',
  time,
  connectionId
})
const error = (time: number, fatal = false, connectionId = c): Frame => ({ kind: 'error', message: 'boom', fatal, time, connectionId })
const reconnect = (time: number, delayMs: number, attempt = 1, connectionId = c): Frame => ({
  kind: 'reconnect',
  delayMs,
  lastEventId: '',
  attempt,
  time,
  connectionId
})
const close = (time: number, connectionId = c): Frame => ({ kind: 'close', reason: 'bye', time, connectionId })
const event = (time: number, connectionId = c): Frame => ({
  kind: 'event',
  type: 'message',
  data: 'x',
  lastEventId: '',
  time,
  connectionId
})

const entries = (frames: Frame[]): LifecycleEntry[] => frames.map((frame, seq) => ({ seq, frame }))

describe('deriveLifecycle', () => {
  it('turns open → error → reconnect → connecting → open into spans, a gap and markers', () => {
    const [lane] = deriveLifecycle(
      entries([connecting(0), open(10), error(1000), reconnect(1001, 2000), connecting(3001, 1), open(3020), close(5000)])
    )
    expect(lane?.url).toBe('http://h:1/s')
    expect(lane?.spans).toEqual([
      { start: 10, end: 1000, inferred: false },
      { start: 3020, end: 5000, inferred: false }
    ])
    expect(lane?.connecting).toEqual([
      { start: 0, end: 10, attempt: 0 },
      { start: 3001, end: 3020, attempt: 1 }
    ])
    expect(lane?.gaps).toEqual([{ start: 1001, end: 3001, delayMs: 2000, attempt: 1, seq: 3 }])
    expect(lane?.markers.map((m) => [m.kind, m.time, m.seq])).toEqual([
      ['error', 1000, 2],
      ['reconnect', 1001, 3],
      ['close', 5000, 6]
    ])
    expect([lane?.first, lane?.last]).toEqual([0, 5000])
  })

  it('keeps a span open while the connection is, and a scheduled gap to its full delay', () => {
    const [a] = deriveLifecycle(entries([connecting(0), open(5)]))
    expect(a?.spans).toEqual([{ start: 5, end: null, inferred: false }])
    const [b] = deriveLifecycle(entries([connecting(0), open(5), error(100), reconnect(100, 10_000)]))
    expect(b?.gaps[0]).toMatchObject({ start: 100, end: 10_100 })
  })

  it('cuts a gap short when the next attempt comes early, or the connection is closed', () => {
    const [a] = deriveLifecycle(entries([open(0), error(10), reconnect(10, 5000), connecting(2000, 1)]))
    expect(a?.gaps[0]?.end).toBe(2000)
    const [b] = deriveLifecycle(entries([open(0), error(10), reconnect(10, 5000), close(700)]))
    expect(b?.gaps[0]?.end).toBe(700)
  })

  it('tells fatal errors from recoverable ones', () => {
    const [lane] = deriveLifecycle(entries([connecting(0), error(50, true), close(51)]))
    expect(lane?.markers.map((m) => m.kind)).toEqual(['fatal', 'close'])
    expect(lane?.spans).toEqual([])
    expect(lane?.connecting).toEqual([{ start: 0, end: 50, attempt: 0 }])
  })

  it('keeps connections apart, in order of appearance', () => {
    const lanes = deriveLifecycle(entries([connecting(0, 0, 'b'), connecting(1, 0, 'a'), open(2, 'a'), open(3, 'b'), close(9, 'a')]))
    expect(lanes.map((l) => l.connectionId)).toEqual(['b', 'a'])
    expect(lanes[0]?.spans).toEqual([{ start: 3, end: null, inferred: false }])
    expect(lanes[1]?.spans).toEqual([{ start: 2, end: 9, inferred: false }])
  })

  it('infers an open span from the start of the log when the first thing it still holds is an error', () => {
    const [lane] = deriveLifecycle(entries([error(500), reconnect(500, 100)]), 200)
    expect(lane?.spans).toEqual([{ start: 200, end: 500, inferred: true }])
  })

  it('says whether a lifecycle reaches into a window, ongoing spans up to now', () => {
    const [lane] = deriveLifecycle(entries([connecting(0), open(5)]))
    if (!lane) throw new Error('no lane')
    expect(lifecycleOverlaps(lane, 1000, 2000, 1500)).toBe(true)
    expect(lifecycleOverlaps(lane, 1000, 2000, 900)).toBe(false)
    const [closed] = deriveLifecycle(entries([connecting(0), open(5), close(10)]))
    if (!closed) throw new Error('no lane')
    expect(lifecycleOverlaps(closed, 1000, 2000, 1500)).toBe(false)
    expect(lifecycleOverlaps(closed, 8, 2000, 1500)).toBe(true)
  })
})

describe('LifecycleIndex', () => {
  it('collects lifecycle frames incrementally from the unfiltered log', () => {
    const log = new FrameLog(100)
    const index = new LifecycleIndex()
    log.append([connecting(0), open(1), event(2), event(3)])
    expect(index.sync(log)).toBe(true)
    expect(index.size).toBe(2)
    expect(index.sync(log)).toBe(false)
    log.append([event(4), error(5), reconnect(5, 100)])
    expect(index.sync(log)).toBe(true)
    expect(index.size).toBe(4)
    expect(index.lifecycles[0]?.gaps).toHaveLength(1)
  })

  it('stops at a frozen sequence number while the view is paused', () => {
    const log = new FrameLog(100)
    const index = new LifecycleIndex()
    log.append([connecting(0), open(1), event(2)])
    index.sync(log, 3)
    log.append([error(5), reconnect(5, 100)])
    index.sync(log, 3)
    expect(index.lifecycles[0]?.markers).toEqual([])
    index.sync(log)
    expect(index.lifecycles[0]?.markers.map((m) => m.kind)).toEqual(['error', 'reconnect'])
  })

  it('drops entries with the frames the ring buffer drops, and on clear', () => {
    const log = new FrameLog(4)
    const index = new LifecycleIndex()
    log.append([connecting(0), open(1), event(2), event(3)])
    index.sync(log)
    log.append([event(4), event(5)])
    index.sync(log)
    expect(index.size).toBe(0)
    log.append([error(6)])
    index.sync(log)
    // The open frame is gone, but an error means the connection had been open since the log's start.
    expect(index.lifecycles[0]?.spans).toEqual([{ start: 3, end: 6, inferred: true }])
    log.clear()
    index.sync(log)
    expect(index.size).toBe(0)
    expect(index.lifecycles).toEqual([])
  })
})
