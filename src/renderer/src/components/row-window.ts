import { useLayoutEffect, useRef, useState, type RefObject } from 'react'

export interface RowWindow {
  /** First and one-past-last row index to render. */
  first: number
  last: number
}

/** The rows that cover the viewport, plus `overscan` on each side. Pure, for tests. */
export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): RowWindow {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan)
  return { first, last: Math.max(first, last) }
}

/** Where the scroll position must be to show the last row at the bottom. */
export function bottomScrollTop(count: number, rowHeight: number, viewportHeight: number): number {
  return Math.max(0, count * rowHeight - viewportHeight)
}

/** The DOM write of a pinned list, kept out of the hook so React's compiler rules see no mutated argument. */
function scrollElementTo(el: HTMLElement, top: number): void {
  el.scrollTop = top
}

/**
 * Windowing for a list of fixed-height rows. Every row has the same height, so the window
 * is arithmetic on scrollTop: no per-row measurement, nothing proportional to the number
 * of rows, and no layout reads beyond the viewport's own size.
 */
export function useRowWindow(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  pinnedToBottom: boolean,
  overscan = 10
): RowWindow & { scrollTop: number; viewportHeight: number; onScroll: () => void } {
  const [scrollTop, setScrollTop] = useState(0)
  const [viewportHeight, setViewportHeight] = useState(0)

  const hasRows = count > 0
  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    // A ResizeObserver reports the element's size once when it starts observing, then on every change.
    const observer = new ResizeObserver(() => setViewportHeight(el.clientHeight))
    observer.observe(el)
    return () => observer.disconnect()
  }, [scroller, hasRows])

  // While pinned, the window is computed from the bottom, so new rows cost one render, not two.
  const top = pinnedToBottom ? bottomScrollTop(count, rowHeight, viewportHeight) : scrollTop
  // Remember what was written instead of reading scrollTop back, which would force a layout.
  const written = useRef(-1)
  useLayoutEffect(() => {
    const el = scroller.current
    if (!el || !pinnedToBottom) {
      written.current = -1
      return
    }
    if (written.current !== top) {
      scrollElementTo(el, top)
      written.current = top
    }
  })

  return {
    ...visibleRows(top, viewportHeight, rowHeight, count, overscan),
    scrollTop: top,
    viewportHeight,
    onScroll: () => {
      const el = scroller.current
      if (el) setScrollTop(el.scrollTop)
    }
  }
}
