import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { frameLog, useAppStore } from '../store/app-store'
import { formatClock, frameLabel, summarizeFrame } from '../format'
import type { Frame } from '../../../shared/frames'

const ROW_HEIGHT = 28

export function EventTable(): React.JSX.Element {
  const { size, version } = useAppStore(useShallow((s) => ({ size: s.logSize, version: s.logVersion })))
  const scroller = useRef<HTMLDivElement>(null)
  const [followLive, setFollowLive] = useState(true)
  const virtualizer = useVirtualizer({
    count: size,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12
  })

  useEffect(() => {
    if (followLive && size > 0) virtualizer.scrollToIndex(size - 1, { align: 'end' })
  }, [followLive, size, version, virtualizer])

  const onScroll = (): void => {
    const el = scroller.current
    if (!el) return
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT
    if (atBottom !== followLive) setFollowLive(atBottom)
  }

  return (
    <section className="events" aria-label="Events">
      <div className="table-head" role="row">
        <span role="columnheader">Time</span>
        <span role="columnheader">Type</span>
        <span role="columnheader">ID</span>
        <span role="columnheader">Data</span>
      </div>
      {size === 0 ? (
        <div className="empty">
          <p>No frames yet.</p>
          <p className="hint">Enter an event-stream URL above and press Connect, or start the demo server on the right.</p>
        </div>
      ) : (
        <div className="table-body" ref={scroller} onScroll={onScroll} data-testid="event-table">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const frame = frameLog.at(item.index)
              return frame ? (
                <FrameRow key={item.key} frame={frame} top={item.start} />
              ) : null
            })}
          </div>
        </div>
      )}
      {!followLive && size > 0 && (
        <button type="button" className="follow-pill" onClick={() => setFollowLive(true)}>
          Jump to latest
        </button>
      )}
    </section>
  )
}

function FrameRow({ frame, top }: { frame: Frame; top: number }): React.JSX.Element {
  const isEvent = frame.kind === 'event'
  const level = frame.kind === 'error' ? (frame.fatal ? 'fatal' : 'error') : frame.kind === 'diagnostic' ? frame.level : ''
  return (
    <div
      className={`row kind-${frame.kind} ${level}`}
      style={{ transform: `translateY(${top}px)` }}
      role="row"
      data-kind={frame.kind}
      data-type={isEvent ? frame.type : undefined}
    >
      <span className="cell time">{formatClock(frame.time)}</span>
      <span className="cell type">
        <span className={`badge ${isEvent ? 'event' : frame.kind}`}>{frameLabel(frame)}</span>
      </span>
      <span className="cell id">{isEvent ? (frame.id ?? '') : ''}</span>
      <span className="cell data">{summarizeFrame(frame)}</span>
    </div>
  )
}
