import { memo, useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Frame } from '../../../shared/frames'
import { filteredView, frameLog, useAppStore } from '../store/app-store'
import { isFilterActive } from '../store/frame-filter'
import { selectSeq } from '../store/view-actions'
import { dataBytes, formatBytes, formatClock, formatGap, frameLabel, summarizeFrame } from '../format'
import { typeColor } from '../type-colors'
import { TypeName } from './TypeName'
import { usePrefersDark } from '../use-prefers-dark'
import { useRowWindow } from './row-window'

const ROW_HEIGHT = 26

type TimeMode = 'clock' | 'relative'

export function EventTable(): React.JSX.Element {
  // viewVersion is selected so a filter change re-renders even when the count stays the same.
  const { start, end, selectedSeq, filtering, paused, total } = useAppStore(
    useShallow((s) => ({
      version: s.viewVersion,
      start: s.viewStart,
      end: s.viewEnd,
      selectedSeq: s.selectedSeq,
      filtering: isFilterActive(s.filter),
      paused: s.paused,
      total: s.logSize
    }))
  )
  const count = end - start
  const scroller = useRef<HTMLDivElement>(null)
  const [followLive, setFollowLive] = useState(true)
  const [timeMode, setTimeMode] = useState<TimeMode>('clock')
  /** The view's end when the user scrolled away from the bottom, to count what arrived since. */
  const [endWhenLeft, setEndWhenLeft] = useState(0)
  const dark = usePrefersDark()
  const rows = useRowWindow(scroller, count, ROW_HEIGHT, followLive)

  // Selecting a row (click or arrow keys) leaves the live end, or new rows would scroll the selection
  // away; the "new frames" pill says how many arrived and returns to the live end.
  const [seenSelection, setSeenSelection] = useState(selectedSeq)
  if (seenSelection !== selectedSeq) {
    setSeenSelection(selectedSeq)
    if (selectedSeq !== null && followLive) {
      setFollowLive(false)
      setEndWhenLeft(end)
    }
  }

  // Keyboard selection scrolls the selected row into view (and so leaves the live end).
  useEffect(() => {
    const el = scroller.current
    if (selectedSeq === null || !el) return
    const index = filteredView.positionOf(selectedSeq) - start
    if (index < 0 || index >= count) return
    const rowTop = index * ROW_HEIGHT
    if (rowTop < el.scrollTop) el.scrollTop = rowTop
    else if (rowTop + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = rowTop + ROW_HEIGHT - el.clientHeight
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the selection moves
  }, [selectedSeq])

  const lastScrollTop = useRef(0)
  const onScroll = (): void => {
    const el = scroller.current
    if (!el) return
    rows.onScroll()
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT
    // Only the user scrolling up leaves the live end; layout changes and our own pinning must not.
    const scrolledUp = el.scrollTop < lastScrollTop.current - 1 && Math.abs(el.scrollTop - rows.scrollTop) > 1
    lastScrollTop.current = el.scrollTop
    if (atBottom && !followLive) setFollowLive(true)
    else if (!atBottom && scrolledUp && followLive) {
      setFollowLive(false)
      setEndWhenLeft(end)
    }
  }

  const origin = frameLog.at(0)?.time ?? 0
  const newSinceLeft = followLive ? 0 : Math.max(0, end - endWhenLeft)

  return (
    <section className="events" aria-label="Frames">
      <div className="table-head" role="row">
        <button
          type="button"
          className="th"
          role="columnheader"
          title="Switch between clock time and time since the first frame"
          onClick={() => setTimeMode(timeMode === 'clock' ? 'relative' : 'clock')}
        >
          {timeMode === 'clock' ? 'Time' : 'Since start'} ⇄
        </button>
        <span className="th" role="columnheader" title="Time since the previous row">
          Gap
        </span>
        <span className="th" role="columnheader">
          Type
        </span>
        <span className="th" role="columnheader">
          ID
        </span>
        <span className="th num" role="columnheader">
          Size
        </span>
        <span className="th" role="columnheader">
          Data
        </span>
      </div>
      {count === 0 ? (
        <EmptyTable filtering={filtering && total > 0} paused={paused} />
      ) : (
        <div className="table-body" ref={scroller} onScroll={onScroll} data-testid="event-table" role="rowgroup">
          <div style={{ height: count * ROW_HEIGHT, position: 'relative' }}>
            {Array.from({ length: rows.last - rows.first }, (_, offset) => {
              const index = rows.first + offset
              const position = start + index
              const seq = filteredView.seqAt(position)
              const frame = seq === undefined ? undefined : frameLog.bySeq(seq)
              const previous = filteredView.frameAt(position - 1)
              return (
                <FrameRow
                  key={position}
                  seq={seq ?? -1}
                  frame={frame}
                  top={index * ROW_HEIGHT}
                  time={frame ? (timeMode === 'clock' ? formatClock(frame.time) : `+${formatGap(frame.time - origin)}`) : ''}
                  gap={frame && previous ? formatGap(frame.time - previous.time) : ''}
                  selected={seq !== undefined && seq === selectedSeq}
                  color={frame?.kind === 'event' ? typeColor(frame.type, dark) : undefined}
                />
              )
            })}
          </div>
        </div>
      )}
      {!followLive && count > 0 && (
        <button type="button" className="follow-pill" onClick={() => setFollowLive(true)}>
          {newSinceLeft > 0 ? `${newSinceLeft.toLocaleString()} new ${newSinceLeft === 1 ? 'frame' : 'frames'} ↓` : 'Jump to latest ↓'}
        </button>
      )}
    </section>
  )
}

function EmptyTable({ filtering, paused }: { filtering: boolean; paused: boolean }): React.JSX.Element {
  return (
    <div className="empty">
      {filtering ? (
        <>
          <p>No frames match the filters.</p>
          <p className="hint">Change the search or the chips above, or reset the filters.</p>
        </>
      ) : paused ? (
        <p>The view is paused. Press Resume (or Space) to see what arrived.</p>
      ) : (
        <>
          <p>No frames yet.</p>
          <p className="hint">Enter an event-stream URL above and press Connect, or start the demo server on the left.</p>
        </>
      )}
    </div>
  )
}

interface RowProps {
  seq: number
  frame: Frame | undefined
  top: number
  time: string
  gap: string
  selected: boolean
  color: string | undefined
}

const FrameRow = memo(function FrameRow({ seq, frame, top, time, gap, selected, color }: RowProps): React.JSX.Element {
  if (!frame) {
    return (
      <div className="row dropped" style={{ transform: `translateY(${top}px)` }} role="row">
        <span className="cell data">This frame was dropped from the buffer.</span>
      </div>
    )
  }
  const isEvent = frame.kind === 'event'
  const level = frame.kind === 'error' ? (frame.fatal ? 'fatal' : 'error') : frame.kind === 'diagnostic' ? frame.level : ''
  return (
    <div
      className={`row kind-${frame.kind} ${level} ${selected ? 'selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      role="row"
      aria-selected={selected}
      data-kind={frame.kind}
      data-type={isEvent ? frame.type : undefined}
      data-seq={seq}
      onClick={() => selectSeq(seq)}
    >
      <span className="cell time">{time}</span>
      <span className="cell gap">{gap}</span>
      <span className="cell type">
        <span className={`badge ${isEvent ? 'event' : frame.kind}`} style={color ? { color, borderColor: color } : undefined}>
          {isEvent ? <TypeName type={frame.type} /> : frameLabel(frame)}
        </span>
      </span>
      <span className="cell id">{isEvent ? (frame.id ?? '') : ''}</span>
      <span className="cell num">{isEvent ? formatBytes(dataBytes(frame)) : ''}</span>
      <span className="cell data">{summarizeFrame(frame)}</span>
    </div>
  )
})
