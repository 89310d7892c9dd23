import type { Frame } from '../../../../shared/frames'
import { typeColor } from '../../type-colors'
import {
  barHeight,
  chooseMinorStep,
  chooseTickStep,
  formatRate,
  formatSpan,
  formatTickLabel,
  localOffsetMs,
  tickTimes,
  timeToX
} from './timeline-layout'
import { locateFrame, OTHER_SLOT, type HoverTarget, type Scene, type SceneLane } from './timeline-scene'
import { drawStalls, type StallsByConnection } from './timeline-stalls'

/** The theme's colors, read from the CSS variables of styles.css. */
export interface TimelineTheme {
  dark: boolean
  bg: string
  panel: string
  panel2: string
  border: string
  text: string
  muted: string
  accent: string
  accentText: string
  ok: string
  warn: string
  bad: string
  rowAlt: string
  sans: string
  mono: string
}

export function readTheme(element: Element, dark: boolean): TimelineTheme {
  const css = getComputedStyle(element)
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback
  return {
    dark,
    bg: v('--bg', dark ? '#0f1115' : '#f6f7f9'),
    panel: v('--panel', dark ? '#161a21' : '#ffffff'),
    panel2: v('--panel-2', dark ? '#1c212a' : '#f0f2f5'),
    border: v('--border', dark ? '#2a303b' : '#dfe3e8'),
    text: v('--text', dark ? '#e3e7ee' : '#1d2330'),
    muted: v('--muted', dark ? '#8b94a5' : '#667085'),
    accent: v('--accent', dark ? '#5b8cff' : '#3b6cf6'),
    accentText: v('--accent-text', '#ffffff'),
    ok: v('--ok', dark ? '#45c486' : '#12824c'),
    warn: v('--warn', dark ? '#f0b44c' : '#a15c00'),
    bad: v('--bad', dark ? '#ff6b6b' : '#c52a2a'),
    rowAlt: v('--row-alt', dark ? '#181c24' : '#fafbfc'),
    sans: v('--sans', 'system-ui, sans-serif'),
    mono: v('--mono', 'monospace')
  }
}

export interface Overlay {
  selected: Frame | null
  hover: { x: number; target: HoverTarget | null } | null
  follow: boolean
  /** Shown over the lanes when there is nothing to draw. */
  emptyText: string | null
  /** LLM answers' stalls, marked on their lanes. */
  stalls?: StallsByConnection
}

/** Draws a scene; the context is already scaled to CSS pixels. */
export function drawTimeline(ctx: CanvasRenderingContext2D, scene: Scene, theme: TimelineTheme, overlay: Overlay): void {
  const { width, height, plotX, plotW, axisY } = scene
  ctx.save()
  ctx.clearRect(0, 0, width, height)
  ctx.fillStyle = theme.panel
  ctx.fillRect(0, 0, width, height)
  ctx.textBaseline = 'middle'

  const rates = bucketRates(scene)
  drawLaneBackgrounds(ctx, scene, theme)
  drawGrid(ctx, scene, theme)

  ctx.save()
  ctx.beginPath()
  ctx.rect(plotX, 0, plotW, axisY)
  ctx.clip()
  for (const lane of scene.lanes) drawLaneLifecycle(ctx, scene, lane, theme)
  for (const lane of scene.lanes) drawLaneEvents(ctx, scene, lane, theme)
  for (const lane of scene.lanes) drawLaneMarkers(ctx, scene, lane, theme)
  if (overlay.stalls && overlay.stalls.size > 0) drawStalls(ctx, scene, theme, overlay.stalls)
  drawRate(ctx, scene, theme, rates)
  drawNow(ctx, scene, theme)
  if (overlay.selected) drawSelection(ctx, scene, overlay.selected, theme)
  if (overlay.hover) drawHover(ctx, scene, overlay.hover, theme)
  ctx.restore()

  drawAxis(ctx, scene, theme, overlay)
  drawGutter(ctx, scene, theme, rates.max)
  if (overlay.emptyText) drawEmpty(ctx, scene, theme, overlay.emptyText)
  ctx.restore()
}

const font = (size: number, family: string, weight = 400): string => `${weight} ${size}px ${family}`

function xOf(scene: Scene, time: number): number {
  return scene.plotX + timeToX(time, scene.win, scene.plotW)
}

function inner(lane: SceneLane): { top: number; h: number } {
  const pad = Math.min(9, Math.max(3, lane.h * 0.14))
  return { top: lane.y + pad, h: Math.max(2, lane.h - pad * 2) }
}

function drawLaneBackgrounds(ctx: CanvasRenderingContext2D, scene: Scene, theme: TimelineTheme): void {
  scene.lanes.forEach((lane, i) => {
    if (i % 2 === 1) {
      ctx.fillStyle = theme.rowAlt
      ctx.fillRect(0, lane.y, scene.width, lane.h)
    }
  })
  // The rate strip sits on the second panel color, so it reads as a summary, not a lane.
  ctx.fillStyle = theme.panel2
  ctx.globalAlpha = theme.dark ? 0.55 : 0.6
  ctx.fillRect(0, scene.rate.y, scene.width, scene.rate.h)
  ctx.globalAlpha = 1
  ctx.fillStyle = theme.border
  for (const lane of scene.lanes.slice(1)) ctx.fillRect(0, Math.round(lane.y), scene.width, 1)
  ctx.fillRect(0, scene.rate.y, scene.width, 1)
  ctx.fillRect(0, scene.axisY, scene.width, 1)
  ctx.fillRect(scene.plotX - 1, 0, 1, scene.height)
}

function axisSteps(scene: Scene): { major: number; minor: number | null } {
  const span = scene.win.end - scene.win.start
  const major = chooseTickStep(span, scene.plotW, 96)
  return { major, minor: chooseMinorStep(major, span, scene.plotW, 12) }
}

function drawGrid(ctx: CanvasRenderingContext2D, scene: Scene, theme: TimelineTheme): void {
  const { major } = axisSteps(scene)
  ctx.fillStyle = theme.border
  ctx.globalAlpha = theme.dark ? 0.7 : 0.75
  for (const t of tickTimes(scene.win, major, localOffsetMs(scene.win.end))) {
    const x = Math.round(xOf(scene, t))
    if (x <= scene.plotX) continue
    ctx.fillRect(x, scene.lanesY, 1, scene.axisY - scene.lanesY)
  }
  ctx.globalAlpha = 1
}

function drawLaneLifecycle(ctx: CanvasRenderingContext2D, scene: Scene, lane: SceneLane, theme: TimelineTheme): void {
  const life = lane.lifecycle
  if (!life) return
  const { win } = scene
  const visible = (start: number, end: number): boolean => end >= win.start && start <= win.end
  const clampX = (x: number): number => Math.max(scene.plotX - 2, Math.min(scene.plotX + scene.plotW + 2, x))
  const band = inner(lane)

  // Open: a faint green wash with a firmer baseline, like a connection's "alive" rail.
  for (const span of life.spans) {
    const end = span.end ?? scene.now
    if (!visible(span.start, end)) continue
    const x0 = clampX(xOf(scene, span.start))
    const x1 = clampX(xOf(scene, end))
    ctx.fillStyle = theme.ok
    ctx.globalAlpha = theme.dark ? 0.075 : 0.06
    ctx.fillRect(x0, lane.y + 1, x1 - x0, lane.h - 1)
    ctx.globalAlpha = theme.dark ? 0.7 : 0.6
    ctx.fillRect(x0, lane.y + lane.h - 3, x1 - x0, 2)
    ctx.globalAlpha = 1
  }

  // Connecting: a dotted rail while the request is in flight.
  ctx.strokeStyle = theme.warn
  ctx.lineWidth = 2
  ctx.setLineDash([2, 3])
  for (const span of life.connecting) {
    const end = span.end ?? scene.now
    if (!visible(span.start, end)) continue
    const x0 = clampX(xOf(scene, span.start))
    const x1 = Math.max(x0 + 2, clampX(xOf(scene, end)))
    ctx.beginPath()
    ctx.moveTo(x0, lane.y + lane.h - 2)
    ctx.lineTo(x1, lane.y + lane.h - 2)
    ctx.stroke()
  }
  ctx.setLineDash([])

  // Disconnected: hatched, with the retry delay written in when it fits.
  for (const gap of life.gaps) {
    if (!visible(gap.start, gap.end)) continue
    const x0 = xOf(scene, gap.start)
    const x1 = Math.max(x0 + 1, xOf(scene, gap.end))
    const top = lane.y + 1
    const h = lane.h - 1
    ctx.save()
    ctx.beginPath()
    ctx.rect(x0, top, x1 - x0, h)
    ctx.clip()
    ctx.fillStyle = theme.warn
    ctx.globalAlpha = theme.dark ? 0.08 : 0.06
    ctx.fillRect(x0, top, x1 - x0, h)
    ctx.globalAlpha = theme.dark ? 0.32 : 0.28
    ctx.strokeStyle = theme.warn
    ctx.lineWidth = 1
    ctx.beginPath()
    const startK = Math.max(x0, scene.plotX) - h
    const endK = Math.min(x1, scene.plotX + scene.plotW)
    for (let k = startK - (startK % 7); k < endK; k += 7) {
      ctx.moveTo(k, top + h)
      ctx.lineTo(k + h, top)
    }
    ctx.stroke()
    ctx.restore()
    ctx.strokeStyle = theme.warn
    ctx.globalAlpha = 0.75
    ctx.setLineDash([3, 3])
    ctx.beginPath()
    ctx.moveTo(Math.round(x1) + 0.5, top)
    ctx.lineTo(Math.round(x1) + 0.5, top + h)
    ctx.stroke()
    ctx.setLineDash([])
    ctx.globalAlpha = 1
    const label = `retry ${formatSpan(gap.delayMs)}`
    ctx.font = font(10.5, theme.sans, 600)
    const tw = ctx.measureText(label).width
    const visibleX0 = Math.max(x0, scene.plotX)
    const visibleX1 = Math.min(x1, scene.plotX + scene.plotW)
    if (visibleX1 - visibleX0 > tw + 14 && band.h >= 12) {
      const cx = (visibleX0 + visibleX1) / 2
      const cy = lane.y + lane.h / 2
      drawLabelPill(ctx, label, cx, cy, { padX: 5, h: 16, r: 4, alpha: 0.92, bg: theme.panel, fg: theme.warn, textWidth: tw })
    }
  }
}

/** Scratch space for stacking bars, reused between draws. */
let stackScratch = new Float32Array(0)
let offsetScratch = new Float32Array(0)

function drawLaneEvents(ctx: CanvasRenderingContext2D, scene: Scene, lane: SceneLane, theme: TimelineTheme): void {
  const { bins } = lane
  if (bins.added === 0) return
  const { top, h } = inner(lane)
  const bottom = top + h
  const x0 = scene.plotX
  const colorOf = (slot: number): string =>
    slot === OTHER_SLOT && scene.slotTypes.length > OTHER_SLOT ? theme.muted : typeColor(scene.slotTypes[slot] ?? '', theme.dark)
  const usedSlots = Math.min(scene.slotTypes.length, bins.slots)

  // Each column is a tick, split between the types it holds. Full height while columns hold a
  // few events at most; denser than that, a log-scaled bar (a histogram of the lane).
  if (stackScratch.length < bins.width) {
    stackScratch = new Float32Array(bins.width)
    offsetScratch = new Float32Array(bins.width)
  }
  const heights = stackScratch
  const offsets = offsetScratch
  offsets.fill(0, 0, bins.width)
  const minH = Math.min(3, h)
  for (let c = 0; c < bins.width; c++) heights[c] = barHeight(bins.total(c), bins.max, h, minH)
  // One event per column: 2 px ticks read better than hairlines.
  const tickW = bins.sparse ? 2 : 1
  const tickX = bins.sparse ? x0 - 0.5 : x0
  ctx.globalAlpha = bins.sparse ? 1 : 0.92
  for (let slot = 0; slot < usedSlots; slot++) {
    ctx.beginPath()
    let any = false
    for (let c = 0; c < bins.width; c++) {
      const n = bins.count(c, slot)
      if (n === 0) continue
      const segment = ((heights[c] as number) * n) / bins.total(c)
      const off = offsets[c] as number
      ctx.rect(tickX + c, bottom - off - segment, tickW, segment)
      offsets[c] = off + segment
      any = true
    }
    if (!any) continue
    ctx.fillStyle = colorOf(slot)
    ctx.fill()
  }
  ctx.globalAlpha = 1
}

function drawLaneMarkers(ctx: CanvasRenderingContext2D, scene: Scene, lane: SceneLane, theme: TimelineTheme): void {
  const life = lane.lifecycle
  if (!life) return
  const top = lane.y + 1
  const bottom = lane.y + lane.h - 1
  let lastErrorX = -Infinity
  for (const m of life.markers) {
    if (m.time < scene.win.start - 1 || m.time > scene.win.end) continue
    const x = Math.round(xOf(scene, m.time)) + 0.5
    if (m.kind === 'error' || m.kind === 'fatal') lastErrorX = x
    // A reconnect right after an error is implied by the error and the gap it opens.
    if (m.kind === 'reconnect' && x - lastErrorX < 8) continue
    switch (m.kind) {
      case 'error':
      case 'fatal': {
        const fatal = m.kind === 'fatal'
        ctx.strokeStyle = theme.bad
        ctx.lineWidth = fatal ? 2 : 1.25
        ctx.setLineDash(fatal ? [] : [3, 2])
        ctx.beginPath()
        ctx.moveTo(x, top)
        ctx.lineTo(x, bottom)
        ctx.stroke()
        ctx.setLineDash([])
        ctx.fillStyle = theme.bad
        const s = fatal ? 6 : 4.5
        ctx.beginPath()
        ctx.moveTo(x - s, top)
        ctx.lineTo(x + s, top)
        ctx.lineTo(x, top + s * 1.3)
        ctx.closePath()
        ctx.fill()
        if (fatal) {
          ctx.beginPath()
          ctx.moveTo(x - s, bottom)
          ctx.lineTo(x + s, bottom)
          ctx.lineTo(x, bottom - s * 1.3)
          ctx.closePath()
          ctx.fill()
        }
        break
      }
      case 'reconnect': {
        // A diamond on the gap's leading edge.
        const cy = top + 5
        ctx.fillStyle = theme.warn
        ctx.strokeStyle = theme.panel
        ctx.lineWidth = 1.5
        ctx.beginPath()
        ctx.moveTo(x, cy - 5)
        ctx.lineTo(x + 5, cy)
        ctx.lineTo(x, cy + 5)
        ctx.lineTo(x - 5, cy)
        ctx.closePath()
        ctx.stroke()
        ctx.fill()
        break
      }
      case 'close': {
        ctx.fillStyle = theme.muted
        ctx.fillRect(Math.round(x - 1), top, 2, bottom - top)
        ctx.fillRect(Math.round(x - 4), top, 8, 5)
        break
      }
    }
  }
  ctx.lineWidth = 1
}

function drawRate(ctx: CanvasRenderingContext2D, scene: Scene, theme: TimelineTheme, rates: { values: Float64Array; max: number }): void {
  const { rate, win, now } = scene
  if (rate.maxCount === 0) return
  const { size, first } = rate.buckets
  const maxRate = rates.max
  if (maxRate <= 0) return
  const top = rate.y + 8
  const base = rate.y + rate.h - 1
  const yOf = (r: number): number => base - (r / maxRate) * (base - top)
  // One step (x0..x1 at height y) per bucket, computed once for both the fill and the outline.
  const steps: Array<[number, number, number]> = []
  for (let i = 0; i < rate.counts.length; i++) {
    const t0 = first + i * size
    if (t0 > now || t0 > win.end) break
    steps.push([xOf(scene, t0), xOf(scene, Math.min(t0 + size, now)), yOf(rates.values[i] as number)])
  }
  const firstStep = steps[0]
  const lastStep = steps[steps.length - 1]
  if (!firstStep || !lastStep) return
  ctx.beginPath()
  ctx.moveTo(firstStep[0], base)
  for (const [x0, x1, y] of steps) {
    ctx.lineTo(x0, y)
    ctx.lineTo(x1, y)
  }
  ctx.lineTo(lastStep[1], base)
  ctx.closePath()
  ctx.fillStyle = theme.accent
  ctx.globalAlpha = theme.dark ? 0.28 : 0.2
  ctx.fill()
  ctx.globalAlpha = 1
  // The outline again, without the closing edges.
  ctx.beginPath()
  ctx.moveTo(firstStep[0], firstStep[2])
  for (const [x0, x1, y] of steps) {
    ctx.lineTo(x0, y)
    ctx.lineTo(x1, y)
  }
  ctx.strokeStyle = theme.accent
  ctx.lineWidth = 1.25
  ctx.stroke()
  // The max level, dashed, so the label in the gutter has something to point at.
  ctx.strokeStyle = theme.muted
  ctx.globalAlpha = 0.35
  ctx.lineWidth = 1
  ctx.setLineDash([2, 4])
  ctx.beginPath()
  ctx.moveTo(scene.plotX, Math.round(top) + 0.5)
  ctx.lineTo(scene.plotX + scene.plotW, Math.round(top) + 0.5)
  ctx.stroke()
  ctx.setLineDash([])
  ctx.globalAlpha = 1
}

/**
 * Events per second in each bucket. The bucket still filling up at `now` is divided by the
 * time it has had so far (at least a quarter bucket), so the live edge does not sag.
 */
export function bucketRates(scene: Scene): { values: Float64Array; max: number } {
  const { counts, buckets } = scene.rate
  const values = new Float64Array(counts.length)
  let max = 0
  for (let i = 0; i < counts.length; i++) {
    const t0 = buckets.first + i * buckets.size
    if (t0 > scene.now) break
    const elapsed = Math.min(buckets.size, Math.max(buckets.size / 4, scene.now - t0))
    const r = ((counts[i] as number) * 1000) / elapsed
    values[i] = r
    if (r > max) max = r
  }
  return { values, max }
}

function drawNow(ctx: CanvasRenderingContext2D, scene: Scene, theme: TimelineTheme): void {
  const { now, win } = scene
  if (now < win.start || now > win.end) return
  const x = Math.round(xOf(scene, now)) + 0.5
  // What lies ahead of now is the future: leave it a shade darker.
  ctx.fillStyle = theme.panel2
  ctx.globalAlpha = 0.5
  ctx.fillRect(x, scene.lanesY, scene.plotX + scene.plotW - x, scene.axisY - scene.lanesY)
  strokeFullHeight(ctx, scene, x, theme.accent, 0.6)
}

function drawSelection(ctx: CanvasRenderingContext2D, scene: Scene, frame: Frame, theme: TimelineTheme): void {
  const at = locateFrame(scene, frame)
  if (!at) return
  const x = Math.round(at.x)
  const { lane } = at
  ctx.fillStyle = theme.accent
  ctx.globalAlpha = 0.18
  ctx.fillRect(x - 4, lane.y + 1, 9, lane.h - 1)
  ctx.globalAlpha = 1
  ctx.fillRect(x - 0.5, lane.y + 1, 2, lane.h - 1)
  const s = 4
  ctx.beginPath()
  ctx.moveTo(x + 0.5 - s, lane.y + 1)
  ctx.lineTo(x + 0.5 + s, lane.y + 1)
  ctx.lineTo(x + 0.5, lane.y + 1 + s)
  ctx.closePath()
  ctx.moveTo(x + 0.5 - s, lane.y + lane.h)
  ctx.lineTo(x + 0.5 + s, lane.y + lane.h)
  ctx.lineTo(x + 0.5, lane.y + lane.h - s)
  ctx.closePath()
  ctx.fill()
  // Carry the selection down through the rate strip, faintly, to the axis.
  ctx.globalAlpha = 0.45
  ctx.fillRect(x, lane.y + lane.h, 1, scene.axisY - lane.y - lane.h)
  ctx.globalAlpha = 1
}

function drawHover(ctx: CanvasRenderingContext2D, scene: Scene, hover: NonNullable<Overlay['hover']>, theme: TimelineTheme): void {
  const target = hover.target
  const x = Math.round(target && target.kind !== 'gap' ? xOf(scene, target.time) : hover.x) + 0.5
  strokeFullHeight(ctx, scene, x, theme.text, 0.28)
  if (target && target.kind === 'event') {
    const lane = scene.lanes.find((l) => l.connectionId === target.connectionId)
    if (lane) {
      const { top, h } = inner(lane)
      ctx.strokeStyle = theme.text
      ctx.globalAlpha = 0.85
      ctx.lineWidth = 1.5
      ctx.strokeRect(x - 3, top - 2.5, 6, h + 5)
      ctx.globalAlpha = 1
    }
  }
}

function drawAxis(ctx: CanvasRenderingContext2D, scene: Scene, theme: TimelineTheme, overlay: Overlay): void {
  const { major, minor } = axisSteps(scene)
  const offset = localOffsetMs(scene.win.end)
  const y = scene.axisY
  const right = scene.plotX + scene.plotW
  ctx.fillStyle = theme.border
  if (minor !== null) {
    for (const t of tickTimes(scene.win, minor, offset)) {
      const x = Math.round(xOf(scene, t))
      if (x > scene.plotX) ctx.fillRect(x, y + 1, 1, 3)
    }
  }
  ctx.fillStyle = theme.muted
  ctx.font = font(10.5, theme.mono)
  ctx.textAlign = 'center'
  for (const t of tickTimes(scene.win, major, offset)) {
    const x = Math.round(xOf(scene, t))
    if (x <= scene.plotX) continue
    ctx.globalAlpha = 0.7
    ctx.fillRect(x, y + 1, 1, 6)
    ctx.globalAlpha = 1
    const label = formatTickLabel(t, major)
    const w = ctx.measureText(label).width
    if (x - w / 2 < scene.plotX + 2 || x + w / 2 > right - 2) continue
    ctx.fillText(label, x, y + 15)
  }
  ctx.textAlign = 'left'

  // A chip under the cursor with the exact time.
  if (overlay.hover) {
    const target = overlay.hover.target
    const time =
      target && target.kind !== 'gap'
        ? target.time
        : scene.win.start + ((overlay.hover.x - scene.plotX) / scene.plotW) * (scene.win.end - scene.win.start)
    const x = target && target.kind !== 'gap' ? xOf(scene, target.time) : overlay.hover.x
    const label = formatTickLabel(time, 1)
    ctx.font = font(10.5, theme.mono, 600)
    const w = ctx.measureText(label).width + 12
    const cx = Math.max(scene.plotX + w / 2, Math.min(right - w / 2, x))
    ctx.fillStyle = theme.text
    roundRect(ctx, cx - w / 2, y + 4, w, 16, 4)
    ctx.fill()
    ctx.fillStyle = theme.panel
    ctx.textAlign = 'center'
    ctx.fillText(label, cx, y + 12.5)
    ctx.textAlign = 'left'
  }
}

function drawGutter(ctx: CanvasRenderingContext2D, scene: Scene, theme: TimelineTheme, max: number): void {
  const maxW = scene.plotX - 22
  for (const lane of scene.lanes) {
    const cy = lane.y + lane.h / 2
    const twoLines = lane.h >= 34 && lane.url !== null
    const idY = twoLines ? cy - 7 : cy
    ctx.fillStyle = stateColor(lane.state, theme)
    ctx.beginPath()
    ctx.arc(14, idY, 3.5, 0, Math.PI * 2)
    ctx.fill()
    ctx.font = font(11.5, theme.mono, 600)
    ctx.fillStyle = theme.text
    const id = lane.connectionId.slice(0, 8)
    ctx.fillText(fitText(ctx, id, maxW), 24, idY)
    const where = lane.url ? hostAndPath(lane.url) : ''
    if (twoLines) {
      ctx.font = font(11, theme.sans)
      ctx.fillStyle = theme.muted
      ctx.fillText(fitEnd(ctx, where, maxW), 24, cy + 8)
    } else if (where && lane.h >= 16) {
      const idW = ctx.measureText(id).width + 8
      ctx.font = font(11, theme.sans)
      ctx.fillStyle = theme.muted
      if (maxW - idW > 30) ctx.fillText(fitEnd(ctx, where, maxW - idW), 24 + idW, idY)
    }
  }
  if (scene.hiddenLanes > 0) {
    ctx.font = font(10, theme.sans)
    ctx.fillStyle = theme.muted
    ctx.fillText(`+${scene.hiddenLanes} older`, 10, scene.lanesY + scene.lanesH - 8)
  }

  // Rate strip: what it measures and its scale.
  const { rate } = scene
  ctx.font = font(10, theme.sans, 600)
  ctx.fillStyle = theme.muted
  ctx.fillText('EVENTS/S', 10, rate.y + 12)
  ctx.font = font(11, theme.mono)
  ctx.fillStyle = max > 0 ? theme.text : theme.muted
  const bucketLabel = `${formatSpan(rate.buckets.size)} bins`
  const maxLabel = max > 0 ? `max ${formatRate(max)}/s` : '—'
  ctx.fillText(maxLabel, 10, rate.y + 27)
  if (max > 0) {
    const w = ctx.measureText(maxLabel).width
    ctx.font = font(10, theme.sans)
    ctx.fillStyle = theme.muted
    if (w + 18 + ctx.measureText(bucketLabel).width < maxW + 10) ctx.fillText(bucketLabel, 18 + w, rate.y + 27)
  }

  // Axis: the date of what is shown, since the ticks only give the time of day.
  const d = new Date(scene.win.end)
  ctx.font = font(10.5, theme.sans)
  ctx.fillStyle = theme.muted
  ctx.fillText(d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }), 10, scene.axisY + 13)
}

function drawEmpty(ctx: CanvasRenderingContext2D, scene: Scene, theme: TimelineTheme, text: string): void {
  ctx.font = font(12, theme.sans)
  const w = ctx.measureText(text).width
  const cx = scene.plotX + scene.plotW / 2
  const cy = scene.lanesY + scene.lanesH / 2
  drawLabelPill(ctx, text, cx, cy, { padX: 10, h: 24, r: 6, alpha: 0.85, bg: theme.panel, fg: theme.muted, textWidth: w })
}

function stateColor(state: SceneLane['state'], theme: TimelineTheme): string {
  switch (state) {
    case 'open':
      return theme.ok
    case 'connecting':
    case 'reconnecting':
      return theme.warn
    default:
      return theme.muted
  }
}

/** host:port/path of a URL, or the text itself when it does not parse. */
export function hostAndPath(url: string): string {
  try {
    const u = new URL(url)
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}${u.search}`
  } catch {
    return url
  }
}

function fitText(ctx: CanvasRenderingContext2D, text: string, maxW: number): string {
  if (ctx.measureText(text).width <= maxW) return text
  let lo = 0
  let hi = Math.min(text.length, 200)
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= maxW) lo = mid
    else hi = mid - 1
  }
  return `${text.slice(0, lo)}…`
}

/** Keeps the end of a host/path, the most specific part: …0.1:8844/stream. */
function fitEnd(ctx: CanvasRenderingContext2D, text: string, maxW: number): string {
  if (ctx.measureText(text).width <= maxW) return text
  let lo = 0
  let hi = text.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (ctx.measureText(`…${text.slice(mid)}`).width <= maxW) hi = mid
    else lo = mid + 1
  }
  return `…${text.slice(lo)}`
}

/** A one-pixel vertical line across the lanes and the rate strip, down to the axis. */
function strokeFullHeight(ctx: CanvasRenderingContext2D, scene: Scene, x: number, color: string, alpha: number): void {
  ctx.strokeStyle = color
  ctx.globalAlpha = alpha
  ctx.lineWidth = 1
  ctx.beginPath()
  ctx.moveTo(x, scene.lanesY)
  ctx.lineTo(x, scene.axisY)
  ctx.stroke()
  ctx.globalAlpha = 1
}

/** Text centred on a translucent rounded background, so it stays legible over ticks. */
function drawLabelPill(
  ctx: CanvasRenderingContext2D,
  text: string,
  cx: number,
  cy: number,
  o: { padX: number; h: number; r: number; alpha: number; bg: string; fg: string; textWidth: number }
): void {
  ctx.fillStyle = o.bg
  ctx.globalAlpha = o.alpha
  roundRect(ctx, cx - o.textWidth / 2 - o.padX, cy - o.h / 2, o.textWidth + o.padX * 2, o.h, o.r)
  ctx.fill()
  ctx.globalAlpha = 1
  ctx.fillStyle = o.fg
  ctx.textAlign = 'center'
  ctx.fillText(text, cx, cy + 0.5)
  ctx.textAlign = 'left'
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath()
  ctx.roundRect(x, y, w, h, r)
}
