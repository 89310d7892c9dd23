import { useEffect, useRef, useState } from 'react'
import { typeColor } from '../../type-colors'
import { TypeName } from '../TypeName'
import { BUTTON_ZOOM, TimelineController } from './timeline-controller'
import { DEFAULT_SPAN_MS, formatSpan, MAX_SPAN_MS, MIN_SPAN_MS } from './timeline-layout'
import './timeline.css'

const LEGEND_MAX = 8

/**
 * The events of the current view on a time axis: a lane per connection with its events,
 * open spans, disconnections and errors, an events/s strip and the axis. Drawn on a canvas
 * by TimelineController; React only renders the toolbar around it.
 */
export function Timeline(): React.JSX.Element {
  const wrapper = useRef<HTMLElement>(null)
  const stage = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const tooltip = useRef<HTMLDivElement>(null)
  const controller = useRef<TimelineController | null>(null)
  const [follow, setFollow] = useState(true)
  const [span, setSpan] = useState(DEFAULT_SPAN_MS)
  const [types, setTypes] = useState<string[]>([])
  const [dark, setDark] = useState(false)

  useEffect(() => {
    if (!wrapper.current || !stage.current || !canvas.current || !tooltip.current) return
    const c = new TimelineController(wrapper.current, stage.current, canvas.current, tooltip.current, {
      onFollow: setFollow,
      onSpan: setSpan,
      onTypes: setTypes,
      onDark: setDark
    })
    controller.current = c
    return () => {
      c.dispose()
      controller.current = null
    }
  }, [])

  const shown = types.slice(0, LEGEND_MAX)
  return (
    <section className="timeline" ref={wrapper} data-testid="timeline" aria-label="Timeline">
      <div className="timeline-toolbar">
        <span className="timeline-title">Timeline</span>
        <ul className="timeline-legend" aria-label="Event types in view">
          {shown.map((type) => (
            <li key={type} title={type}>
              <span className="timeline-swatch" style={{ background: typeColor(type, dark) }} />
              <span className="timeline-legend-name">
                <TypeName type={type} />
              </span>
            </li>
          ))}
          {types.length > shown.length && <li className="timeline-legend-more">+{types.length - shown.length}</li>}
        </ul>
        <span className="timeline-hint">Scroll to zoom · drag to pan</span>
        <span className="timeline-span" title="Visible time range" data-testid="timeline-span">
          {formatSpan(span)}
        </span>
        <div className="timeline-zoom" role="group" aria-label="Zoom">
          <button
            type="button"
            aria-label="Zoom out"
            title="Zoom out (−)"
            disabled={span >= MAX_SPAN_MS}
            onClick={() => controller.current?.zoomBy(BUTTON_ZOOM)}
          >
            −
          </button>
          <button
            type="button"
            aria-label="Zoom in"
            title="Zoom in (+)"
            disabled={span <= MIN_SPAN_MS}
            onClick={() => controller.current?.zoomBy(1 / BUTTON_ZOOM)}
          >
            +
          </button>
        </div>
        <button
          type="button"
          className={follow ? 'timeline-live on' : 'timeline-live'}
          aria-pressed={follow}
          title={follow ? 'Following live: the right edge is now' : 'Follow live again (L)'}
          onClick={() => controller.current?.goLive()}
          data-testid="timeline-live"
        >
          <span className="timeline-live-dot" aria-hidden="true" />
          Live
        </button>
      </div>
      <div className="timeline-stage" ref={stage}>
        <canvas
          ref={canvas}
          tabIndex={0}
          role="img"
          aria-label="Event timeline. Scroll or + and − to zoom, drag or arrow keys to pan, L to follow live."
        />
        <div className="timeline-tooltip" ref={tooltip} role="tooltip" hidden />
      </div>
    </section>
  )
}
