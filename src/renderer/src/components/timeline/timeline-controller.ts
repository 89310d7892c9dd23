import type { Frame } from '../../../../shared/frames'
import { filteredView, frameLog, useAppStore, type AppState } from '../../store/app-store'
import { llmStalls, useLlmStore } from '../../store/llm-streams'
import { selectSeq } from '../../store/view-actions'
import { formatClock, summarizeFrame } from '../../format'
import { typeColor } from '../../type-colors'
import { drawTimeline, readTheme, type TimelineTheme } from './timeline-draw'
import {
  type ColumnBins,
  DEFAULT_SPAN_MS,
  formatSpan,
  liveWindow,
  panBy,
  spanOf,
  wheelZoomFactor,
  xToTime,
  zoomAround,
  type TimeWindow
} from './timeline-layout'
import { LifecycleIndex } from './timeline-model'
import {
  buildScene,
  CANVAS_HEIGHT,
  formatTypeCounts,
  hitTest,
  laneAt,
  type HoverTarget,
  type LaneInfo,
  type Scene,
  type SceneLane
} from './timeline-scene'

export interface TimelineCallbacks {
  onFollow: (follow: boolean) => void
  onSpan: (spanMs: number) => void
  /** The event types in the visible window, sorted; called only when the set changes. */
  onTypes: (types: string[]) => void
  /** The system theme changed (the legend colors follow). */
  onDark: (dark: boolean) => void
}

export const BUTTON_ZOOM = 1.6
const DRAG_THRESHOLD_PX = 3

/**
 * Owns the canvas: reads the store and the frame log, builds a scene and draws it, and turns
 * pointer and wheel input into zoom, pan and selection. Lives outside React so that the
 * animation loop and pointer moves never cause a render.
 */
export class TimelineController {
  private win: TimeWindow
  private span = DEFAULT_SPAN_MS
  private follow = true
  private raf = 0
  /** Something the user did (or a resize, a theme change) needs drawing on the next frame. */
  private urgent = true
  /** New frames arrived: drawn soon, but no more often than the last draw's cost allows. */
  private stale = false
  private lastDrawAt = 0
  private lastDrawNow = 0
  /** How long the last draw took, in ms. */
  private drawCost = 0
  private cssWidth = 0
  private dpr = 1
  private dark: boolean
  private theme: TimelineTheme
  private scene: Scene | null = null
  private hover: { x: number; y: number } | null = null
  private hoverTarget: HoverTarget | null = null
  private hoverLane: SceneLane | null = null
  private drag: { startX: number; startWin: TimeWindow; moved: boolean; pointerId: number } | null = null
  /** While the view is paused: the moment it froze and how many frames the log had then. */
  private frozen: { now: number; total: number } | null = null
  private readonly lifecycle = new LifecycleIndex()
  private readonly pool = new Map<string, ColumnBins>()
  private readonly disposers: Array<() => void> = []
  private typesKey = ''
  private pendingTypes = ''
  private typesTimer: number | null = null
  private tipKey = ''
  private disposed = false
  private deferred = false

  constructor(
    private readonly wrapper: HTMLElement,
    private readonly stage: HTMLElement,
    private readonly canvas: HTMLCanvasElement,
    private readonly tooltip: HTMLElement,
    private readonly callbacks: TimelineCallbacks
  ) {
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    this.dark = media.matches
    this.theme = readTheme(document.documentElement, this.dark)
    const onScheme = (): void => {
      this.dark = media.matches
      this.theme = readTheme(document.documentElement, this.dark)
      this.callbacks.onDark(this.dark)
      this.requestDraw()
    }
    media.addEventListener('change', onScheme)
    this.disposers.push(() => media.removeEventListener('change', onScheme))

    if (useAppStore.getState().paused) this.frozen = { now: Date.now(), total: frameLog.total }
    this.win = liveWindow(this.now(), this.span)

    this.disposers.push(useAppStore.subscribe((state, prev) => this.onStore(state, prev)))
    // Stalls change with the answer (throttled like new frames) or with the threshold (at once).
    this.disposers.push(
      useLlmStore.subscribe((state, prev) => {
        if (state.stallMs !== prev.stallMs) this.requestDraw()
        else {
          this.stale = true
          this.schedule()
        }
      })
    )

    const resize = new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width ?? 0
      if (Math.abs(width - this.cssWidth) > 0.5) {
        this.cssWidth = width
        this.requestDraw()
      }
    })
    resize.observe(stage)
    this.disposers.push(() => resize.disconnect())
    this.cssWidth = stage.clientWidth

    const on = <K extends keyof HTMLElementEventMap>(
      target: HTMLElement,
      type: K,
      handler: (event: HTMLElementEventMap[K]) => void,
      options?: AddEventListenerOptions
    ): void => {
      target.addEventListener(type, handler, options)
      this.disposers.push(() => target.removeEventListener(type, handler, options))
    }
    // Not passive: the wheel zooms the timeline instead of scrolling the page.
    on(canvas, 'wheel', (e) => this.onWheel(e), { passive: false })
    on(canvas, 'pointerdown', (e) => this.onPointerDown(e))
    on(canvas, 'pointermove', (e) => this.onPointerMove(e))
    on(canvas, 'pointerup', (e) => this.onPointerUp(e))
    on(canvas, 'pointercancel', () => this.endDrag())
    on(canvas, 'pointerleave', () => this.onPointerLeave())
    on(canvas, 'keydown', (e) => this.onKey(e))

    this.setFollowAttr()
    callbacks.onDark(this.dark)
    this.requestDraw()
  }

  dispose(): void {
    this.disposed = true
    if (this.raf) cancelAnimationFrame(this.raf)
    this.raf = 0
    if (this.typesTimer !== null) window.clearTimeout(this.typesTimer)
    this.typesTimer = null
    for (const off of this.disposers.splice(0)) off()
  }

  /**
   * Zoom buttons and keys. Like any manual zoom this stops following live; a window that was
   * following zooms around its right edge (now), so the newest events stay in view.
   */
  zoomBy(factor: number): void {
    const anchor = this.follow ? this.now() : (this.win.start + this.win.end) / 2
    this.setFollow(false)
    this.win = zoomAround(this.win, factor, anchor)
    this.span = spanOf(this.win)
    this.callbacks.onSpan(this.span)
    this.requestDraw()
  }

  goLive(): void {
    this.setFollow(true)
  }

  private now(): number {
    return this.frozen ? this.frozen.now : Date.now()
  }

  private onStore(state: AppState, prev: AppState): void {
    if (state.paused !== prev.paused) {
      this.frozen = state.paused ? { now: Date.now(), total: frameLog.total } : null
      this.requestDraw()
    }
    if (state.selectedSeq !== prev.selectedSeq || state.activeId !== prev.activeId) this.requestDraw()
    else if (state.viewVersion !== prev.viewVersion || state.connections !== prev.connections) {
      this.stale = true
      this.schedule()
    }
  }

  private setFollow(follow: boolean): void {
    if (follow === this.follow) return
    this.follow = follow
    if (follow) this.win = liveWindow(this.now(), this.span)
    this.setFollowAttr()
    this.callbacks.onFollow(follow)
    this.requestDraw()
  }

  private setFollowAttr(): void {
    this.wrapper.dataset.followLive = String(this.follow)
  }

  private requestDraw(): void {
    this.urgent = true
    this.schedule()
  }

  private schedule(): void {
    if (!this.raf && !this.disposed) this.raf = requestAnimationFrame(this.frame)
  }

  private readonly frame = (): void => {
    this.raf = 0
    const now = this.now()
    const live = this.follow && !this.frozen
    if (this.follow) this.win = liveWindow(now, this.span)
    // Following live, the axis moves: redraw once it has moved half a pixel, not every frame.
    // New data and the moving axis wait for 4× the last draw's cost, so a huge window still
    // leaves the main thread mostly free; what the user does is drawn at once.
    const msPerPx = this.span / Math.max(1, this.scene?.plotW ?? this.cssWidth)
    const moved = live && Math.abs(now - this.lastDrawNow) >= msPerPx / 2
    const started = performance.now()
    if (this.urgent) this.timedDraw(now)
    else if ((this.stale || moved) && started - this.lastDrawAt >= this.drawCost * 4) this.deferDraw()
    if (live || this.stale) this.schedule()
  }

  private timedDraw(now: number): void {
    const started = performance.now()
    this.draw(now)
    this.lastDrawAt = started
    this.drawCost = performance.now() - started
  }

  /**
   * Draws for new data run in a task of their own: in the animation frame they would share one
   * task with the table's render, and under a flood the two together made the longest tasks.
   */
  private deferDraw(): void {
    if (this.deferred) return
    this.deferred = true
    setTimeout(() => {
      this.deferred = false
      if (!this.disposed) this.timedDraw(this.now())
    }, 0)
  }

  private draw(now: number): void {
    this.urgent = false
    this.stale = false
    this.lastDrawNow = now
    const width = Math.floor(this.cssWidth || this.stage.clientWidth)
    if (width <= 0) return
    const state = useAppStore.getState()
    this.lifecycle.sync(frameLog, this.frozen ? this.frozen.total : frameLog.total)
    const connections: LaneInfo[] = Object.values(state.connections).map((c) => ({
      connectionId: c.connectionId,
      url: c.url,
      state: c.state
    }))
    const scene = buildScene({
      log: frameLog,
      view: filteredView,
      viewStart: state.viewStart,
      viewEnd: state.viewEnd,
      win: this.win,
      width,
      now,
      lifecycles: this.lifecycle.lifecycles,
      connections,
      activeId: state.activeId,
      pool: this.pool
    })
    this.scene = scene

    const dpr = window.devicePixelRatio || 1
    const pxW = Math.round(width * dpr)
    const pxH = Math.round(CANVAS_HEIGHT * dpr)
    if (this.canvas.width !== pxW || this.canvas.height !== pxH || this.dpr !== dpr) {
      this.canvas.width = pxW
      this.canvas.height = pxH
      this.canvas.style.height = `${CANVAS_HEIGHT}px`
      this.dpr = dpr
    }
    const ctx = this.canvas.getContext('2d')
    if (!ctx) return
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)

    // Over the plot the cursor points at a time; over the labels, at a connection.
    const overPlot = this.hover !== null && this.drag === null && this.hover.x >= scene.plotX
    this.hoverTarget = overPlot && this.hover ? hitTest(scene, this.hover.x, this.hover.y, this.viewInput(state)) : null
    const laneIndex = this.hover && !overPlot && !this.drag ? laneAt(scene, this.hover.y) : -1
    this.hoverLane = laneIndex >= 0 ? (scene.lanes[laneIndex] ?? null) : null
    this.canvas.classList.toggle('over-labels', this.hover !== null && !overPlot && !this.drag)
    this.updateTooltip()

    drawTimeline(ctx, scene, this.theme, {
      selected: this.selectedFrame(state),
      hover: overPlot && this.hover ? { x: this.hover.x, target: this.hoverTarget } : null,
      follow: this.follow,
      stalls: llmStalls(),
      emptyText:
        scene.viewSize === 0
          ? 'Events will appear here as they arrive'
          : scene.events === 0 && !scene.lifecycleVisible
            ? 'No events in this time range'
            : null
    })

    this.wrapper.dataset.drawnEvents = String(scene.events)
    this.wrapper.dataset.drawnTypes = formatTypeCounts(scene.typeCounts)
    this.setFollowAttr()
    this.reportTypes([...scene.typeCounts.keys()].sort().join('\u0000'))
  }

  /**
   * Tells React about the legend at most a few times a second: a narrow window on a busy
   * stream sees types come and go every frame, and the legend must not re-render with it.
   */
  private reportTypes(key: string): void {
    this.pendingTypes = key
    if (this.typesTimer !== null) return
    const flush = (): void => {
      this.typesTimer = null
      if (this.pendingTypes === this.typesKey || this.disposed) return
      this.typesKey = this.pendingTypes
      this.callbacks.onTypes(this.typesKey === '' ? [] : this.typesKey.split('\u0000'))
      this.typesTimer = window.setTimeout(flush, 300)
    }
    if (this.pendingTypes !== this.typesKey) flush()
  }

  private viewInput(state: AppState): Parameters<typeof hitTest>[3] {
    return { log: frameLog, view: filteredView, viewStart: state.viewStart, viewEnd: state.viewEnd }
  }

  /** The selected frame, when the timeline shows it: an event in the view, or any lifecycle frame. */
  private selectedFrame(state: AppState): Frame | null {
    if (state.selectedSeq === null) return null
    const frame = frameLog.bySeq(state.selectedSeq)
    if (!frame) return null
    const position = filteredView.positionOf(state.selectedSeq)
    const inView = position >= state.viewStart && position < state.viewEnd
    if (inView) return frame
    const lifecycle =
      frame.kind === 'connecting' || frame.kind === 'open' || frame.kind === 'error' || frame.kind === 'reconnect' || frame.kind === 'close'
    return lifecycle && (!this.frozen || state.selectedSeq < this.frozen.total) ? frame : null
  }

  private localX(event: MouseEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect()
    return { x: event.clientX - rect.left, y: event.clientY - rect.top }
  }

  private onWheel(event: WheelEvent): void {
    const scene = this.scene
    if (!scene) return
    event.preventDefault()
    const { x } = this.localX(event)
    const msPerPx = spanOf(this.win) / scene.plotW
    const horizontal = Math.abs(event.deltaX) > Math.abs(event.deltaY)
    if (event.shiftKey || (horizontal && !event.ctrlKey)) {
      const delta = event.shiftKey && !horizontal ? event.deltaY : event.deltaX
      const pixels = event.deltaMode === 1 ? delta * 16 : delta
      this.setFollow(false)
      this.win = panBy(this.win, pixels * msPerPx)
    } else {
      const anchor = x >= scene.plotX ? xToTime(x - scene.plotX, this.win, scene.plotW) : this.win.end
      this.setFollow(false)
      this.win = zoomAround(this.win, wheelZoomFactor(event.deltaY, event.deltaMode, event.ctrlKey), anchor)
      this.span = spanOf(this.win)
      this.callbacks.onSpan(this.span)
    }
    this.requestDraw()
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return
    const { x } = this.localX(event)
    this.drag = { startX: x, startWin: this.win, moved: false, pointerId: event.pointerId }
    this.canvas.setPointerCapture(event.pointerId)
  }

  private onPointerMove(event: PointerEvent): void {
    const point = this.localX(event)
    const drag = this.drag
    if (drag && drag.pointerId === event.pointerId) {
      const dx = point.x - drag.startX
      if (!drag.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return
      if (!drag.moved) {
        drag.moved = true
        this.canvas.classList.add('dragging')
        this.setFollow(false)
      }
      const plotW = this.scene?.plotW ?? this.cssWidth
      this.win = panBy(drag.startWin, (-dx * spanOf(drag.startWin)) / Math.max(1, plotW))
      this.requestDraw()
      return
    }
    this.hover = point
    this.requestDraw()
  }

  private onPointerUp(event: PointerEvent): void {
    const drag = this.drag
    if (!drag || drag.pointerId !== event.pointerId) return
    const clicked = !drag.moved
    this.endDrag()
    if (clicked && this.scene) {
      const { x, y } = this.localX(event)
      const target = hitTest(this.scene, x, y, this.viewInput(useAppStore.getState()))
      // A gap selects the reconnect frame that scheduled it.
      if (target) selectSeq(target.seq)
    }
    this.hover = this.localX(event)
    this.requestDraw()
  }

  private endDrag(): void {
    if (this.drag && this.canvas.hasPointerCapture(this.drag.pointerId)) this.canvas.releasePointerCapture(this.drag.pointerId)
    this.drag = null
    this.canvas.classList.remove('dragging')
  }

  private onPointerLeave(): void {
    if (this.drag) return
    this.hover = null
    this.requestDraw()
  }

  private onKey(event: KeyboardEvent): void {
    const span = spanOf(this.win)
    switch (event.key) {
      case '+':
      case '=':
        this.zoomBy(1 / BUTTON_ZOOM)
        break
      case '-':
      case '_':
        this.zoomBy(BUTTON_ZOOM)
        break
      case 'ArrowLeft':
      case 'ArrowRight':
        this.setFollow(false)
        this.win = panBy(this.win, (event.key === 'ArrowLeft' ? -0.1 : 0.1) * span)
        this.requestDraw()
        break
      case 'End':
      case 'l':
        this.setFollow(true)
        break
      default:
        return
    }
    event.preventDefault()
  }

  /** The tooltip is plain DOM, filled with text nodes only: stream data never becomes markup. */
  private updateTooltip(): void {
    const target = this.hoverTarget
    const lane = this.hoverLane
    const tip = this.tooltip
    if ((!target && !lane) || !this.hover || !this.scene) {
      tip.hidden = true
      this.tipKey = ''
      return
    }
    const key = target
      ? `${target.kind}:${target.seq}:${target.nearby}:${this.dark}`
      : `lane:${lane?.connectionId}:${lane?.state}:${lane?.events}`
    if (key !== this.tipKey) {
      this.tipKey = key
      if (target) this.fillTooltip(target)
      else if (lane) this.fillLaneTooltip(lane)
    }
    tip.hidden = false
    // Beside the cursor, flipped to stay inside the timeline.
    const pad = 14
    const stageW = this.stage.clientWidth
    const tipW = tip.offsetWidth
    const tipH = tip.offsetHeight
    let left = this.hover.x + pad
    if (left + tipW > stageW - 4) left = this.hover.x - pad - tipW
    const top = Math.max(4, Math.min(this.hover.y - tipH / 2, CANVAS_HEIGHT - tipH - 4))
    tip.style.transform = `translate(${Math.max(4, Math.round(left))}px, ${Math.round(top)}px)`
  }

  private fillLaneTooltip(lane: SceneLane): void {
    const tip = this.tooltip
    tip.replaceChildren()
    const head = document.createElement('div')
    head.className = 'timeline-tip-head'
    const swatch = document.createElement('span')
    swatch.className = `timeline-tip-swatch ${lane.state === 'open' ? 'ok' : lane.state === 'closed' || lane.state === null ? 'muted' : 'warn'}`
    const title = document.createElement('span')
    title.className = 'timeline-tip-title'
    title.textContent = lane.connectionId
    const state = document.createElement('span')
    state.className = 'timeline-tip-time'
    state.textContent = lane.state ?? ''
    head.append(swatch, title, state)
    const url = document.createElement('div')
    url.className = 'timeline-tip-data'
    url.textContent = lane.url ?? 'URL unknown'
    const count = document.createElement('div')
    count.className = 'timeline-tip-hint'
    count.textContent = `${lane.events.toLocaleString()} ${lane.events === 1 ? 'event' : 'events'} in view`
    tip.append(head, url, count)
  }

  private fillTooltip(target: HoverTarget): void {
    const tip = this.tooltip
    tip.replaceChildren()
    const frame = target.frame
    const head = document.createElement('div')
    head.className = 'timeline-tip-head'
    const swatch = document.createElement('span')
    swatch.className = 'timeline-tip-swatch'
    const title = document.createElement('span')
    title.className = 'timeline-tip-title'
    const time = document.createElement('span')
    time.className = 'timeline-tip-time'
    time.textContent = formatClock(target.time)
    head.append(swatch, title, time)
    tip.append(head)

    const line = (label: string, value: string, className = ''): void => {
      const row = document.createElement('div')
      row.className = `timeline-tip-row ${className}`.trim()
      const k = document.createElement('span')
      k.className = 'timeline-tip-key'
      k.textContent = label
      const v = document.createElement('span')
      v.className = 'timeline-tip-value'
      v.textContent = value
      row.append(k, v)
      tip.append(row)
    }

    if (target.kind === 'event' && frame?.kind === 'event') {
      swatch.style.background = typeColor(frame.type, this.dark)
      title.textContent = frame.type
      if (frame.id !== undefined) line('id', frame.id)
      line('conn', frame.connectionId)
      const preview = document.createElement('div')
      preview.className = 'timeline-tip-data'
      const data = frame.data.length > 240 ? `${frame.data.slice(0, 240)}…` : frame.data
      preview.textContent = data === '' ? '(empty data)' : data.replace(/\r\n|\r|\n/g, ' ⏎ ')
      tip.append(preview)
      if (target.nearby > 0) {
        const more = target.nearbyCapped ? `${target.nearby.toLocaleString()}+` : target.nearby.toLocaleString()
        line('', `+${more} more nearby · zoom in to separate`, 'timeline-tip-more')
      }
      const hint = document.createElement('div')
      hint.className = 'timeline-tip-hint'
      hint.textContent = 'Click to select'
      tip.append(hint)
    } else if (target.kind === 'gap') {
      swatch.classList.add('warn')
      title.textContent = 'Disconnected'
      if (frame?.kind === 'reconnect') {
        line('retry', formatSpan(frame.delayMs))
        line('attempt', String(frame.attempt))
        if (frame.lastEventId) line('last id', frame.lastEventId)
      }
      if (target.gapEnd !== undefined) line('until', formatClock(target.gapEnd))
    } else if (frame) {
      swatch.classList.add(frame.kind === 'error' ? 'bad' : frame.kind === 'reconnect' ? 'warn' : 'muted')
      title.textContent = frame.kind === 'error' ? (frame.fatal ? 'Fatal error' : 'Error') : frame.kind
      const detail = document.createElement('div')
      detail.className = 'timeline-tip-data'
      detail.textContent = summarizeFrame(frame)
      tip.append(detail)
      line('conn', frame.connectionId)
    }
  }
}
