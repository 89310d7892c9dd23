import { describe, expect, it } from 'vitest'
import type { Frame } from '../../../../shared/frames'
import { FilteredView } from '../../store/filtered-view'
import { compileFilter, EMPTY_FILTER } from '../../store/frame-filter'
import { FrameLog } from '../../store/frame-log'
import type { ColumnBins, TimeWindow } from './timeline-layout'
import { LifecycleIndex } from './timeline-model'
import {
  buildScene,
  formatTypeCounts,
  gutterWidth,
  hitTest,
  locateFrame,
  MAX_LANES,
  OTHER_SLOT,
  OTHER_TYPES_LISTED,
  visibleRange,
  type SceneInput
} from './timeline-scene'

const T0 = 1_764_000_000_000
const ev = (t: number, type = 'message', connectionId = 'a', id?: string): Frame => ({
  kind: 'event',
  type,
  data: `d${t}`,
  lastEventId: id ?? '',
  ...(id !== undefined ? { id } : {}),
  time: T0 + t,
  connectionId
})
const life = (kind: 'connecting' | 'open' | 'error' | 'reconnect', t: number, connectionId = 'a'): Frame => {
  const base = { time: T0 + t, connectionId }
  switch (kind) {
    case 'connecting':
      return { ...base, kind, url: `http://host:8844/${connectionId}`, method: 'GET', attempt: 0 }
    case 'open':
      return { ...base, kind, status: 200, headers: {}, url: `http://host:8844/${connectionId}` }
    case 'error':
      return { ...base, kind, message: 'cut', fatal: false }
    case 'reconnect':
      return { ...base, kind, delayMs: 2000, lastEventId: '', attempt: 1 }
  }
}

function setup(frames: Frame[], filter = EMPTY_FILTER): { log: FrameLog; view: FilteredView; index: LifecycleIndex } {
  const log = new FrameLog(200_000)
  const view = new FilteredView(log, compileFilter(filter).match)
  const first = log.total
  log.append(frames)
  view.append(frames, first)
  const index = new LifecycleIndex()
  index.sync(log)
  return { log, view, index }
}

function scene(env: ReturnType<typeof setup>, win: TimeWindow, extra: Partial<SceneInput> = {}) {
  return buildScene({
    log: env.log,
    view: env.view,
    viewStart: env.view.start,
    viewEnd: env.view.end,
    win,
    width: 1000,
    now: win.end,
    lifecycles: env.index.lifecycles,
    connections: [],
    activeId: null,
    pool: new Map<string, ColumnBins>(),
    ...extra
  })
}

describe('buildScene', () => {
  const frames: Frame[] = [
    life('connecting', 0),
    life('open', 5),
    ev(100, 'tick'),
    ev(200, 'tock'),
    ev(300, 'tick'),
    life('error', 400),
    life('reconnect', 400),
    life('connecting', 2400, 'b'),
    life('open', 2410, 'b'),
    ev(2500, 'price', 'b'),
    ev(9000, 'tick')
  ]

  it('counts the events in the window per type, with one lane per connection', () => {
    const s = scene(setup(frames), { start: T0, end: T0 + 5000 })
    expect(s.events).toBe(4)
    expect(formatTypeCounts(s.typeCounts)).toBe('price:1,tick:2,tock:1')
    expect(s.lanes.map((l) => [l.connectionId, l.events, l.url])).toEqual([
      ['a', 3, 'http://host:8844/a'],
      ['b', 1, 'http://host:8844/b']
    ])
    expect(s.lanes[0]?.lifecycle?.gaps).toHaveLength(1)
    expect(s.lanes[0]?.bins.added).toBe(3)
    expect(s.plotX).toBe(gutterWidth(1000))
    expect(s.plotW).toBe(1000 - s.plotX)
  })

  it('only includes connections with something in the window', () => {
    const s = scene(setup(frames), { start: T0 + 8000, end: T0 + 10_000 })
    // a has an event there; b is still open (no end), so it overlaps too.
    expect(s.lanes.map((l) => l.connectionId)).toEqual(['a', 'b'])
    const early = scene(setup(frames), { start: T0 - 5000, end: T0 + 50 })
    expect(early.lanes.map((l) => l.connectionId)).toEqual(['a'])
  })

  it('takes ticks from the filtered view but lifecycle from the whole log', () => {
    const env = setup(frames, { ...EMPTY_FILTER, types: ['tick'], hiddenGroups: ['lifecycle', 'diagnostics'] })
    const s = scene(env, { start: T0, end: T0 + 5000 })
    expect(formatTypeCounts(s.typeCounts)).toBe('tick:2')
    expect(s.lanes[0]?.lifecycle?.markers.map((m) => m.kind)).toEqual(['error', 'reconnect'])
    expect(s.lanes.map((l) => l.connectionId)).toEqual(['a', 'b'])
  })

  it('respects the frozen positions of a paused view', () => {
    const env = setup(frames)
    const paused = env.view.positionAtTime(T0 + 250)
    const s = scene(env, { start: T0, end: T0 + 10_000 }, { viewEnd: paused })
    expect(formatTypeCounts(s.typeCounts)).toBe('tick:1,tock:1')
    expect(visibleRange(env.view, env.view.start, paused, { start: T0, end: T0 + 10_000 })).toEqual([0, paused])
  })

  it('bins events into the rate strip', () => {
    const many: Frame[] = []
    for (let i = 0; i < 1000; i++) many.push(ev(i * 10, i % 2 ? 'a' : 'b'))
    const s = scene(setup(many), { start: T0, end: T0 + 10_000 })
    const total = s.rate.counts.reduce((sum, n) => sum + n, 0)
    expect(total).toBe(1000)
    expect(s.rate.maxCount).toBe((s.rate.buckets.size / 10) | 0)
  })

  it('aggregates 100,000 events per pixel column, cheaply', () => {
    const many: Frame[] = []
    for (let i = 0; i < 100_000; i++) many.push(ev(i, ['x', 'y', 'z'][i % 3]))
    const s = scene(setup(many), { start: T0, end: T0 + 100_000 })
    expect(s.events).toBe(100_000)
    // Cheap by construction: dense per-column counts, not a mark per event. How fast that is
    // on a real page is bench/ui.bench.ts's to measure; a unit test's wall clock only says how
    // busy the machine was.
    expect(s.lanes[0]?.bins.sparse).toBe(false)
    expect(s.lanes[0]?.bins.max).toBeGreaterThan(100)
  })

  it('folds types past the palette into a shared slot, but still counts each', () => {
    const many: Frame[] = []
    for (let i = 0; i < 40; i++) many.push(ev(i * 10, `type-${i}`))
    const s = scene(setup(many), { start: T0, end: T0 + 1000 })
    expect(s.typeCounts.size).toBe(40)
    expect(s.slotTypes.length).toBeLessThanOrEqual(24)
    expect(s.slotTypes[s.slotTypes.length - 1]).toBe('other')
  })

  it('lists a bounded number of types however many the window holds, counting the rest', () => {
    const many: Frame[] = []
    for (let i = 0; i < 5000; i++) many.push(ev(i / 10, `type-${i}`))
    const s = scene(setup(many), { start: T0, end: T0 + 1000 })
    expect(s.events).toBe(5000)
    expect(s.typeCounts.size).toBe(OTHER_SLOT + OTHER_TYPES_LISTED)
    expect(s.unlistedEvents).toBe(5000 - OTHER_SLOT - OTHER_TYPES_LISTED)
    expect(s.slotTypes[s.slotTypes.length - 1]).toBe('other')
  })

  it('caps the number of lanes, keeping the newest connections', () => {
    const many: Frame[] = []
    for (let i = 0; i < 8; i++) many.push(ev(i * 10, 'm', `c${i}`))
    const s = scene(setup(many), { start: T0, end: T0 + 1000 })
    expect(s.lanes).toHaveLength(MAX_LANES)
    expect(s.hiddenLanes).toBe(8 - MAX_LANES)
    expect(s.lanes[s.lanes.length - 1]?.connectionId).toBe('c7')
  })

  it('shows the active connection as an empty lane before anything arrives', () => {
    const s = scene(setup([]), { start: T0, end: T0 + 1000 }, { activeId: 'x1' })
    expect(s.lanes.map((l) => l.connectionId)).toEqual(['x1'])
    expect(s.viewSize).toBe(0)
    expect(s.events).toBe(0)
  })
})

describe('hitTest', () => {
  const frames: Frame[] = [
    life('connecting', 0),
    life('open', 1),
    ev(1000, 'tick', 'a', '7'),
    ev(1100, 'tock'),
    life('error', 3000),
    life('reconnect', 3000)
  ]
  const env = setup(frames)
  const win = { start: T0, end: T0 + 5000 }
  const s = scene(env, win)
  const input = { log: env.log, view: env.view, viewStart: env.view.start, viewEnd: env.view.end }
  const xAt = (t: number): number => s.plotX + (t / 5000) * s.plotW
  const laneY = (s.lanes[0]?.y ?? 0) + 10

  it('finds the nearest event within a few pixels', () => {
    const hit = hitTest(s, xAt(1003), laneY, input)
    expect(hit?.kind).toBe('event')
    expect(hit?.seq).toBe(2)
    expect(hit?.frame).toMatchObject({ type: 'tick', id: '7' })
    expect(hitTest(s, xAt(1090), laneY, input)?.seq).toBe(3)
    expect(hitTest(s, xAt(600), laneY, input)).toBeNull()
  })

  it('prefers lifecycle markers, then falls back to the gap under the cursor', () => {
    expect(hitTest(s, xAt(3001), laneY, input)).toMatchObject({ kind: 'marker', seq: 4 })
    expect(hitTest(s, xAt(4000), laneY, input)).toMatchObject({ kind: 'gap', seq: 5, gapEnd: T0 + 5000 })
  })

  it('ignores the label gutter and the axis', () => {
    expect(hitTest(s, s.plotX - 5, laneY, input)).toBeNull()
    expect(hitTest(s, xAt(1000), s.axisY + 4, input)).toBeNull()
  })

  it('locates a selected frame on its lane', () => {
    const at = locateFrame(s, frames[2] as Frame)
    expect(at?.lane.connectionId).toBe('a')
    expect(at?.x).toBeCloseTo(xAt(1000))
    expect(locateFrame(s, ev(9000))).toBeNull()
  })
})
