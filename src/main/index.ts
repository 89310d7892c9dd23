import { app, BrowserWindow, dialog } from 'electron'
import { InspectorCore } from './core/inspector-core'
import { registerAppScheme, serveRenderer } from './electron/app-protocol'
import { attachIpc } from './electron/ipc-adapter'
import { BUILT_RENDERER_DIR, createMainWindow } from './electron/main-window'
import { devServerUrl, isOwnRendererUrl } from './electron/renderer-location'
import { safeStorageBox } from './electron/safe-storage-box'
import { refuseWebviews } from './electron/window-lockdown'

// The thin shell: app lifecycle and one window. Everything else is the plain-Node core.
// Tests give each run its own data directory and a free server port.
const dataDir = process.env['SSE_INSPECTOR_DATA_DIR']
if (dataDir) app.setPath('userData', dataDir)
const portOverride = process.env['SSE_INSPECTOR_SERVER_PORT']
const core = new InspectorCore({
  transport: 'electron',
  serverPort: portOverride !== undefined && /^\d+$/.test(portOverride) ? Number(portOverride) : undefined,
  dataDir: app.getPath('userData'),
  secretBox: safeStorageBox,
  log: (line) => console.log(line)
})
let detach: (() => void) | null = null
const devUrl = devServerUrl(process.env, app.isPackaged)

function openWindow(): void {
  const window = createMainWindow(devUrl)
  detach = attachIpc(core, window, (url) => isOwnRendererUrl(url, devUrl))
  window.on('closed', () => {
    detach?.()
    detach = null
  })
}

// A second instance only hands focus to the first: it must not start a server or a window.
// Schemes can only be made privileged before the app is ready.
registerAppScheme()
if (app.requestSingleInstanceLock()) run()
else app.quit()

function run(): void {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })

  app.on('web-contents-created', (_event, contents) => refuseWebviews(contents))

  app
    .whenReady()
    .then(async () => {
      if (!devUrl) serveRenderer(BUILT_RENDERER_DIR)
      await core.start()
      const status = core.demoServer.status()
      if (status.error) {
        void dialog.showMessageBox({
          type: 'warning',
          message: 'The embedded demo server did not start',
          detail: `${status.error}\n\nYou can still inspect any other stream, or start the server on another port from the Server panel.`
        })
      }
      openWindow()
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow()
      })
    })
    .catch((err: unknown) => {
      // Without a window there is nowhere else to say it; quitting beats a process with no UI.
      dialog.showErrorBox('SSE Inspector could not start', err instanceof Error ? err.message : String(err))
      app.quit()
    })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  let disposed = false
  app.on('will-quit', (event) => {
    if (disposed) return
    event.preventDefault()
    disposed = true
    void core.dispose().finally(() => app.quit())
  })
}
