import type { Frame } from '../../../../shared/frames'
import type { FilteredView } from '../../store/filtered-view'
import type { FrameLog } from '../../store/frame-log'
import { ColumnBins, rateBuckets, timeToX, type RateBuckets, type TimeWindow } from './timeline-layout'
import { lifecycleOverlaps, type ConnectionLifecycle } from './timeline-model'

/**
 * Everything one draw needs, gathered in one pass over the events in the visible window:
 * lanes with their per-pixel bins, the rate strip, per-type counts. Pure given its inputs,
 * so it is tested without a canvas.
 */

export const GUTTER_MAX = 184
export const LANES_TOP = 0
export const LANES_HEIGHT = 88
export const RATE_GAP = 0
export const RATE_HEIGHT = 38
export const AXIS_HEIGHT = 24
export const CANVAS_HEIGHT = LANES_TOP + LANES_HEIGHT + RATE_GAP + RATE_HEIGHT + AXIS_HEIGHT
export const MAX_LANES = 5
/** Rate buckets narrower than this are too noisy to read. */
export const RATE_BUCKET_MIN_PX = 6
/** Types beyond this many in one window share the last, muted slot. */
export const TYPE_SLOTS = 24
export const OTHER_SLOT = TYPE_SLOTS - 1
/**
 * Types in the shared slot counted one by one; the rest only in unlistedEvents. A stream that
 * names each event differently must not make every frame's scene, legend and attributes grow.
 */
export const OTHER_TYPES_LISTED = 64

export interface LaneInfo {
  connectionId: string
  /** The URL the connection was opened with, when known. */
  url: string | null
  state: 'connecting' | 'open' | 'reconnecting' | 'closed' | null
}

export interface SceneLane {
  connectionId: string
  url: string | null
  state: LaneInfo['state']
  y: number
  h: number
  bins: ColumnBins
  lifecycle: ConnectionLifecycle | null
  events: number
}

export interface Scene {
  win: TimeWindow
  width: number
  height: number
  plotX: number
  plotW: number
  lanes: SceneLane[]
  /** Connections with something in the window that did not fit. */
  hiddenLanes: number
  lanesY: number
  lanesH: number
  rate: { y: number; h: number; buckets: RateBuckets; counts: Uint32Array; maxCount: number }
  axisY: number
  /** Slot index to event type (slot OTHER_SLOT holds every type past it). */
  slotTypes: string[]
  /** Events per type in the window, for the legend and the end-to-end attributes; at most OTHER_SLOT + OTHER_TYPES_LISTED types. */
  typeCounts: Map<string, number>
  /** Events in the window whose types are past those listed in typeCounts. */
  unlistedEvents: number
  events: number
  /** Whether any lane has an open span, gap or marker in the window. */
  lifecycleVisible: boolean
  /** Frames in the view at all (whatever the window). */
  viewSize: number
  now: number
}

export interface SceneInput {
  log: FrameLog
  view: FilteredView
  viewStart: number
  viewEnd: number
  win: TimeWindow
  width: number
  now: number
  lifecycles: ConnectionLifecycle[]
  /** Known connections (store order), with what the connection bar knows about them. */
  connections: LaneInfo[]
  activeId: string | null
  /** Reused between draws, keyed by connection id. */
  pool: Map<string, ColumnBins>
}

export function gutterWidth(width: number): number {
  return Math.round(Math.min(GUTTER_MAX, Math.max(96, width * 0.2)))
}

/** The visible positions of the view: inside the store's frozen range and the time window. */
export function visibleRange(view: FilteredView, viewStart: number, viewEnd: number, win: TimeWindow): [number, number] {
  const from = Math.max(viewStart, view.start, view.positionAtTime(win.start))
  const to = Math.min(viewEnd, view.end, view.positionAtTime(win.end))
  return [from, Math.max(from, to)]
}

export function buildScene(input: SceneInput): Scene {
  const { view, win, width, now } = input
  const plotX = gutterWidth(width)
  const plotW = Math.max(1, Math.floor(width - plotX))
  const buckets = rateBuckets(win, plotW, RATE_BUCKET_MIN_PX)
  const rateCounts = new Uint32Array(buckets.count)
  const slotOf = new Map<string, number>()
  const slotTypes: string[] = []
  const slotCounts = new Float64Array(TYPE_SLOTS)
  /** Types past the palette share a slot; they are still counted one by one. */
  const otherCounts = new Map<string, number>()
  let unlistedEvents = 0
  const binsById = new Map<string, ColumnBins>()
  let lastType = ''
  let lastSlot = -1
  let events = 0

  const binsFor = (id: string): ColumnBins => {
    let bins = binsById.get(id)
    if (bins) return bins
    bins = input.pool.get(id)
    if (!bins) {
      bins = new ColumnBins(plotW, TYPE_SLOTS)
      input.pool.set(id, bins)
    }
    bins.reset(plotW)
    binsById.set(id, bins)
    return bins
  }

  // The hot loop: one pass over the visible events, no allocation per event.
  const [from, to] = visibleRange(view, input.viewStart, input.viewEnd, win)
  const scale = plotW / (win.end - win.start)
  const winStart = win.start
  const winEnd = win.end
  const bucketFirst = buckets.first
  const bucketSize = buckets.size
  const bucketCount = rateCounts.length
  let bins: ColumnBins | null = null
  let binsId = ''
  for (let p = from; p < to; p++) {
    const frame = view.frameAt(p)
    if (frame === undefined || frame.kind !== 'event') continue
    const time = frame.time
    if (time < winStart || time >= winEnd) continue
    events += 1
    let slot = lastSlot
    if (frame.type !== lastType || lastSlot < 0) {
      const known = slotOf.get(frame.type)
      if (known === undefined) {
        slot = slotTypes.length < OTHER_SLOT ? slotTypes.length : OTHER_SLOT
        if (slot < OTHER_SLOT) slotTypes.push(frame.type)
        if (slot < OTHER_SLOT || otherCounts.size < OTHER_TYPES_LISTED) slotOf.set(frame.type, slot)
      } else slot = known
      lastType = frame.type
      lastSlot = slot
    }
    if (slot === OTHER_SLOT) {
      const listed = otherCounts.get(frame.type)
      if (listed !== undefined) otherCounts.set(frame.type, listed + 1)
      else if (otherCounts.size < OTHER_TYPES_LISTED) otherCounts.set(frame.type, 1)
      else unlistedEvents += 1
    } else slotCounts[slot] = (slotCounts[slot] as number) + 1
    if (bins === null || binsId !== frame.connectionId) {
      bins = binsFor(frame.connectionId)
      binsId = frame.connectionId
    }
    bins.add(Math.floor((time - winStart) * scale), slot)
    const b = Math.floor((time - bucketFirst) / bucketSize)
    if (b >= 0 && b < bucketCount) rateCounts[b] = (rateCounts[b] as number) + 1
  }
  const typeCounts = new Map<string, number>()
  slotTypes.forEach((type, slot) => typeCounts.set(type, slotCounts[slot] as number))
  for (const [type, count] of otherCounts) typeCounts.set(type, count)
  if (otherCounts.size > 0 || unlistedEvents > 0) slotTypes.push('other')

  // Lanes: connections with lifecycle or events in the window, in order of first appearance.
  const lifecycleById = new Map(input.lifecycles.map((l) => [l.connectionId, l]))
  const infoById = new Map(input.connections.map((c) => [c.connectionId, c]))
  const order: string[] = []
  const seen = new Set<string>()
  const consider = (id: string): void => {
    if (seen.has(id)) return
    seen.add(id)
    const lifecycle = lifecycleById.get(id)
    if (binsById.has(id) || (lifecycle && lifecycleOverlaps(lifecycle, win.start, win.end, now))) order.push(id)
  }
  for (const l of input.lifecycles) consider(l.connectionId)
  for (const c of input.connections) consider(c.connectionId)
  for (const id of binsById.keys()) consider(id)
  if (order.length === 0 && input.activeId) order.push(input.activeId)
  const hiddenLanes = Math.max(0, order.length - MAX_LANES)
  const shown = order.slice(hiddenLanes)

  const laneCount = Math.max(1, shown.length)
  const laneH = LANES_HEIGHT / laneCount
  const lanes: SceneLane[] = shown.map((id, i) => {
    const lifecycle = lifecycleById.get(id) ?? null
    const info = infoById.get(id)
    return {
      connectionId: id,
      url: info?.url ?? lifecycle?.url ?? null,
      state: info?.state ?? null,
      y: LANES_TOP + i * laneH,
      h: laneH,
      bins: binsById.get(id) ?? binsFor(id),
      lifecycle,
      events: binsById.get(id)?.added ?? 0
    }
  })

  for (const id of input.pool.keys()) if (!binsById.has(id)) input.pool.delete(id)

  let maxCount = 0
  for (const c of rateCounts) if (c > maxCount) maxCount = c
  const rateY = LANES_TOP + LANES_HEIGHT + RATE_GAP
  const lifecycleVisible = lanes.some((l) => l.lifecycle !== null && lifecycleOverlaps(l.lifecycle, win.start, win.end, now))
  return {
    win,
    width,
    height: CANVAS_HEIGHT,
    plotX,
    plotW,
    lanes,
    hiddenLanes,
    lanesY: LANES_TOP,
    lanesH: LANES_HEIGHT,
    rate: { y: rateY, h: RATE_HEIGHT, buckets, counts: rateCounts, maxCount },
    axisY: rateY + RATE_HEIGHT,
    slotTypes,
    typeCounts,
    unlistedEvents,
    events,
    lifecycleVisible,
    viewSize: Math.max(0, input.viewEnd - Math.max(input.viewStart, view.start)),
    now
  }
}

/** `type:count,...` sorted by type, as the end-to-end tests read it. */
export function formatTypeCounts(counts: Map<string, number>): string {
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, count]) => `${type}:${count}`)
    .join(',')
}

/** The lane under a y coordinate, or -1. */
export function laneAt(scene: Scene, y: number): number {
  for (let i = 0; i < scene.lanes.length; i++) {
    const lane = scene.lanes[i] as SceneLane
    if (y >= lane.y && y < lane.y + lane.h) return i
  }
  return -1
}

export interface HoverTarget {
  kind: 'event' | 'marker' | 'gap'
  seq: number
  time: number
  connectionId: string
  frame: Frame | null
  /** Other events within reach of the cursor, for "and N more". */
  nearby: number
  /** There were too many to count them all. */
  nearbyCapped?: boolean
  gapEnd?: number
}

/**
 * What the cursor at (x, y) points at: a lifecycle marker within a few pixels, else the
 * nearest event within a few pixels (in the lane under the cursor, or any lane below the
 * lanes), else the reconnection gap under the cursor.
 */
export function hitTest(
  scene: Scene,
  x: number,
  y: number,
  input: Pick<SceneInput, 'log' | 'view' | 'viewStart' | 'viewEnd'>,
  reachPx = 6
): HoverTarget | null {
  if (x < scene.plotX || y >= scene.axisY) return null
  const { win, plotX, plotW } = scene
  const time = win.start + ((x - plotX) / plotW) * (win.end - win.start)
  const reachMs = (reachPx / plotW) * (win.end - win.start)
  const laneIndex = laneAt(scene, y)
  const lane = laneIndex >= 0 ? scene.lanes[laneIndex] : undefined
  const laneIds = new Set(lane ? [lane.connectionId] : scene.lanes.map((l) => l.connectionId))

  let best: HoverTarget | null = null
  let bestDist = Infinity
  for (const l of scene.lanes) {
    if (!laneIds.has(l.connectionId) || !l.lifecycle) continue
    for (const m of l.lifecycle.markers) {
      const d = Math.abs(m.time - time)
      if (d <= reachMs && d < bestDist) {
        bestDist = d
        best = { kind: 'marker', seq: m.seq, time: m.time, connectionId: l.connectionId, frame: input.log.bySeq(m.seq) ?? null, nearby: 0 }
      }
    }
  }
  if (best) return best

  const [from, to] = visibleRange(input.view, input.viewStart, input.viewEnd, { start: time - reachMs, end: time + reachMs })
  let nearby = 0
  // A dense column can hold thousands; look at a bounded number around the cursor.
  const limit = 4000
  const center = input.view.positionAtTime(time)
  const lo = Math.max(from, center - limit / 2)
  const hi = Math.min(to, center + limit / 2)
  for (let p = lo; p < hi; p++) {
    const frame = input.view.frameAt(p)
    if (!frame || frame.kind !== 'event' || !laneIds.has(frame.connectionId)) continue
    nearby += 1
    const d = Math.abs(frame.time - time)
    if (d < bestDist) {
      bestDist = d
      const seq = input.view.seqAt(p) as number
      best = { kind: 'event', seq, time: frame.time, connectionId: frame.connectionId, frame, nearby: 0 }
    }
  }
  if (best) {
    best.nearby = nearby - 1
    if (lo > from || hi < to) best.nearbyCapped = true
    return best
  }

  if (lane?.lifecycle) {
    for (const g of lane.lifecycle.gaps) {
      if (time >= g.start && time <= g.end) {
        return {
          kind: 'gap',
          seq: g.seq,
          time: g.start,
          connectionId: lane.connectionId,
          frame: input.log.bySeq(g.seq) ?? null,
          nearby: 0,
          gapEnd: g.end
        }
      }
    }
  }
  return null
}

/** Where a frame is on the canvas, for the selection highlight: its x and lane, or null when not shown. */
export function locateFrame(scene: Scene, frame: Frame): { x: number; lane: SceneLane } | null {
  if (frame.time < scene.win.start || frame.time > scene.win.end) return null
  const lane = scene.lanes.find((l) => l.connectionId === frame.connectionId)
  if (!lane) return null
  return { x: scene.plotX + timeToX(frame.time, scene.win, scene.plotW), lane }
}
