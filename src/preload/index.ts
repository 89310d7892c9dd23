import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { isInvokeChannel, isPushChannel } from '../shared/channels'
import type { CallOutcome, InspectorApi } from '../shared/contract'

// Exposes the contract and nothing more: allow-listed channels, no raw ipcRenderer.
const api: InspectorApi = {
  async invoke(channel, request) {
    if (!isInvokeChannel(channel)) throw new Error(`Unknown call: ${String(channel)}`)
    const outcome = (await ipcRenderer.invoke(channel, request)) as CallOutcome<never>
    if (!outcome.ok) throw new Error(outcome.error.message)
    return outcome.result
  },
  on(channel, listener) {
    if (!isPushChannel(channel)) throw new Error(`Unknown push channel: ${String(channel)}`)
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never)
    ipcRenderer.on(channel, handler)
    return () => {
      ipcRenderer.removeListener(channel, handler)
    }
  }
}

contextBridge.exposeInMainWorld('sseInspector', api)
