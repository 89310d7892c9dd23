/**
 * Actions that change only what this page shows (filter, pause, selection, clearing the view,
 * the export dialog, focus);
 * none of them calls the core, and the connections run on regardless. Calls to the core are in
 * core-actions.ts.
 */
import { filteredView, frameLog, typeCounts, useAppStore } from './app-store'
import { compileFilter, type FrameFilter } from './frame-filter'

/** Changes the filter; the table and the timeline both follow, paused or not. */
export function setFilter(patch: Partial<FrameFilter>): void {
  const filter = { ...useAppStore.getState().filter, ...patch }
  const { match, error } = compileFilter(filter)
  filteredView.setMatcher(match)
  useAppStore.setState((state) => ({
    filter,
    filterError: error,
    viewStart: filteredView.start,
    viewEnd: filteredView.end,
    viewVersion: state.viewVersion + 1
  }))
}

export function toggleEventType(type: string): void {
  const { types } = useAppStore.getState().filter
  setFilter({ types: types.includes(type) ? types.filter((t) => t !== type) : [...types, type] })
}

export function setPaused(paused: boolean): void {
  useAppStore.setState((state) =>
    paused ? { paused } : { paused, viewStart: filteredView.start, viewEnd: filteredView.end, viewVersion: state.viewVersion + 1 }
  )
}

export function selectSeq(seq: number | null): void {
  useAppStore.setState({ selectedSeq: seq })
}

/** Moves the selection by `delta` rows in the view; with nothing selected, starts at the newest. */
export function moveSelection(delta: number): void {
  const { selectedSeq, viewStart, viewEnd } = useAppStore.getState()
  if (viewEnd <= viewStart) return
  const current = selectedSeq === null ? -1 : filteredView.positionOf(selectedSeq)
  const target = current < 0 ? viewEnd - 1 : Math.min(viewEnd - 1, Math.max(viewStart, current + delta))
  const seq = filteredView.seqAt(target)
  if (seq !== undefined) useAppStore.setState({ selectedSeq: seq })
}

/** Forgets every frame shown so far (the connections keep running). */
export function clearLog(): void {
  frameLog.clear()
  typeCounts.clear()
  filteredView.setMatcher(compileFilter(useAppStore.getState().filter).match)
  useAppStore.setState((state) => ({
    logVersion: state.logVersion + 1,
    logSize: 0,
    dropped: 0,
    typeCountsVersion: typeCounts.version,
    selectedSeq: null,
    viewStart: filteredView.start,
    viewEnd: filteredView.end,
    viewVersion: state.viewVersion + 1
  }))
}

/** Opens the export dialog; with no frames there is nothing to export, so it stays shut. */
export function openExport(): void {
  if (useAppStore.getState().logSize > 0) useAppStore.setState({ exportOpen: true })
}

export function closeExport(): void {
  useAppStore.setState({ exportOpen: false })
}

/** Asks the filter bar to focus its search field. */
export function focusSearch(): void {
  useAppStore.setState((state) => ({ searchFocusRequests: state.searchFocusRequests + 1 }))
}
