import { ipcMain, type BrowserWindow, type IpcMainEvent } from 'electron'
import { PUSH_ACK_CHANNEL } from '../../shared/channels'
import { AckedPushSender } from '../core/push-backlog'
import type { InspectorCore } from '../core/inspector-core'
import { answerIpcCall, isTrustedSender, type IpcSender } from './ipc-guard'

/**
 * Carries the contract over Electron IPC. Each call is answered only for our own window's
 * top frame at our own renderer URL: a navigated or injected frame gets nothing. Pushes go
 * with an id the preload acknowledges, so a window that falls behind is sent no more until it
 * catches up, and is then told what it missed (`push:gap`), as a browser-mode tab is.
 */
export function attachIpc(core: InspectorCore, window: BrowserWindow, isTrustedUrl: (url: string) => boolean): () => void {
  const trusted = (event: IpcSender): boolean => isTrustedSender(event, window.webContents, isTrustedUrl)

  for (const channel of core.router.channels()) {
    ipcMain.handle(channel, (event, request: unknown) => answerIpcCall(core.router, channel, event, request, trusted))
  }

  const pushes = new AckedPushSender((channel, payload, id) => {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return
    window.webContents.send(channel, payload, id)
  })
  const onAck = (event: IpcMainEvent, id: unknown): void => {
    if (trusted(event)) pushes.ack(id)
  }
  ipcMain.on(PUSH_ACK_CHANNEL, onAck)
  // A reload leaves the old page's pushes unacknowledged for good; the new page starts afresh.
  const onLoaded = (): void => pushes.restart()
  window.webContents.on('did-finish-load', onLoaded)
  const unsubscribe = core.push.subscribe((channel, payload) => pushes.push(channel, payload))

  return () => {
    unsubscribe()
    ipcMain.removeListener(PUSH_ACK_CHANNEL, onAck)
    if (!window.webContents.isDestroyed()) window.webContents.removeListener('did-finish-load', onLoaded)
    for (const channel of core.router.channels()) ipcMain.removeHandler(channel)
  }
}
