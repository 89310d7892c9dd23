import type { InspectorApi } from '../../../shared/contract'
import { createHttpApi } from './http-api'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    sseInspector?: InspectorApi
  }
}

/** The contract, over IPC in the desktop app and over HTTP in browser mode. */
export const api: InspectorApi = window.sseInspector ?? createHttpApi()
