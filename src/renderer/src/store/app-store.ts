import { create } from 'zustand'
import type { AppInfo } from '../../../shared/contract'
import type { ServerStatus } from '../../../shared/server-config'
import type { ConnectionView } from './connection-view'
import { FrameLog } from './frame-log'

/** The frames themselves live outside React; the store only says how many and which version. */
export const frameLog = new FrameLog()

export interface AppState {
  info: AppInfo | null
  /** Bumped once per animation frame in which frames arrived. */
  logVersion: number
  logSize: number
  dropped: number
  connections: Record<string, ConnectionView>
  /** The connection the connection bar controls. */
  activeId: string | null
  server: ServerStatus | null
  /** The last failed action, shown where the user will look. */
  notice: string | null
}

export const useAppStore = create<AppState>()(() => ({
  info: null,
  logVersion: 0,
  logSize: 0,
  dropped: 0,
  connections: {},
  activeId: null,
  server: null,
  notice: null
}))
