import type { InspectorApi } from '../../../shared/contract'
import { takeAccessKey } from './access-key'
import { createHttpApi } from './http-api'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    sseInspector?: InspectorApi
  }
}

function browserModeApi(): InspectorApi {
  const key = takeAccessKey(window)
  // Pasting the printed URL into a tab already on the page only changes the fragment, which
  // does not load the page again: take the new key and start over with it.
  window.addEventListener('hashchange', () => {
    if (takeAccessKey(window) !== key) window.location.reload()
  })
  return createHttpApi({ key })
}

/** The contract, over IPC in the desktop app and over HTTP in browser mode. */
export const api: InspectorApi = window.sseInspector ?? browserModeApi()
