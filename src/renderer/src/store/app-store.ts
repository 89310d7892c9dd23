import { create } from 'zustand'
import type { AppInfo } from '../../../shared/contract'
import type { ServerStatus } from '../../../shared/server-config'
import type { ConnectionView } from './connection-view'
import { FilteredView } from './filtered-view'
import { EMPTY_FILTER, type FrameFilter } from './frame-filter'
import { FrameLog } from './frame-log'
import { TypeCounts } from './type-counts'

/** The frames themselves live outside React; the store only says how many and which version. */
export const frameLog = new FrameLog()
/** The frames passing the filter: what the table and the timeline both show. */
export const filteredView = new FilteredView(frameLog)
/** Events per type among the frames the log holds, for the filter chips; bounded, updated in place. */
export const typeCounts = new TypeCounts()

export interface AppState {
  info: AppInfo | null
  /** Bumped once per animation frame in which frames arrived. */
  logVersion: number
  logSize: number
  dropped: number
  /** Frames the core sent that never reached this page (a tab or window that fell behind). */
  lostInTransit: number
  /** `typeCounts.version` as of the last store update: the chips re-render when it changes. */
  typeCountsVersion: number
  filter: FrameFilter
  filterError: string | null
  /** The absolute positions in `filteredView` that the views show: frozen while paused. */
  viewStart: number
  viewEnd: number
  /** Bumped whenever what the views show changes. */
  viewVersion: number
  /** The view is frozen; frames keep arriving into the log. */
  paused: boolean
  /** Sequence number of the selected frame. */
  selectedSeq: number | null
  connections: Record<string, ConnectionView>
  /** The connection the connection bar controls. */
  activeId: string | null
  server: ServerStatus | null
  /** The last failed action, shown where the user will look. */
  notice: string | null
  /** The export dialog is open (the status bar's Export… or Ctrl/Cmd+S). */
  exportOpen: boolean
  /** Bumped each time something asks for the search field's focus (the `/` key). */
  searchFocusRequests: number
}

export const useAppStore = create<AppState>()(() => ({
  info: null,
  logVersion: 0,
  logSize: 0,
  dropped: 0,
  lostInTransit: 0,
  typeCountsVersion: 0,
  filter: EMPTY_FILTER,
  filterError: null,
  viewStart: 0,
  viewEnd: 0,
  viewVersion: 0,
  paused: false,
  selectedSeq: null,
  connections: {},
  activeId: null,
  server: null,
  notice: null,
  exportOpen: false,
  searchFocusRequests: 0
}))
