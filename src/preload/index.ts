import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { isInvokeChannel, isPushChannel, PUSH_ACK_CHANNEL, PUSH_CHANNELS, type PushChannel } from '../shared/channels'
import type { CallOutcome, InspectorApi } from '../shared/contract'

const listeners = new Map<PushChannel, Set<(payload: never) => void>>()

// One listener per push channel for the life of the page, so each push is acknowledged exactly
// once, after the page's listeners have taken it in: main measures the window's backlog by it.
for (const channel of PUSH_CHANNELS) {
  ipcRenderer.on(channel, (_event: IpcRendererEvent, payload: unknown, id: unknown) => {
    try {
      for (const listener of listeners.get(channel) ?? []) listener(payload as never)
    } finally {
      // Even when a listener threw: the push was taken in, and an ack withheld would stall pushes.
      if (typeof id === 'string') ipcRenderer.send(PUSH_ACK_CHANNEL, id)
    }
  })
}

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
    let set = listeners.get(channel)
    if (!set) listeners.set(channel, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }
}

contextBridge.exposeInMainWorld('sseInspector', api)
