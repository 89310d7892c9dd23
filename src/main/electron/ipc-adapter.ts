import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { isInvokeChannel } from '../../shared/channels'
import type { InspectorCore } from '../core/inspector-core'

/**
 * Carries the contract over Electron IPC. Each call is answered only for our own window's
 * top frame at our own renderer URL: a navigated or injected frame gets nothing.
 */
export function attachIpc(core: InspectorCore, window: BrowserWindow, isTrustedUrl: (url: string) => boolean): () => void {
  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    return event.sender === window.webContents && frame !== null && frame.parent === null && isTrustedUrl(frame.url)
  }

  for (const channel of core.router.channels()) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { message: 'Refused: the call did not come from the inspector window.' } }
      }
      if (!isInvokeChannel(channel)) return { ok: false, error: { message: 'Unknown call' } }
      return core.router.call(channel, request)
    })
  }

  const unsubscribe = core.push.subscribe((channel, payload) => {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return
    window.webContents.send(channel, payload)
  })

  return () => {
    unsubscribe()
    for (const channel of core.router.channels()) ipcMain.removeHandler(channel)
  }
}
