import { BrowserWindow, shell, type WebContents } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isOwnRendererUrl, rendererUrl } from './renderer-location'

const here = fileURLToPath(new URL('.', import.meta.url))

/** The built renderer (out/renderer), beside this bundle's out/main. */
export const BUILT_RENDERER_DIR = join(here, '../renderer')

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'SSE Inspector',
    backgroundColor: '#0f1115',
    autoHideMenuBar: true,
    webPreferences: {
      // Security review (PRELOAD_JS_CHECK): the preload is a sandboxed CommonJS bundle that
      // imports only electron and exposes the allow-listed contract; it never hands out
      // ipcRenderer or any Node API, and main validates every call's sender and arguments.
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // A middle click would otherwise try to open links in a new window.
      disableBlinkFeatures: 'Auxclick'
    }
  })
  lockDown(window.webContents)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererUrl())
  return window
}

/** The window shows our renderer and nothing else; links the user clicks open in their browser. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnRendererUrl(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isOwnRendererUrl(url)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    // Security review (OPEN_EXTERNAL_JS_CHECK): only http(s) URLs reach the system browser; the
    // renderer never turns stream data into links, so these come from the user's own clicks.
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // Deny by default; writing to the clipboard is what the Copy buttons need, nothing else is.
  const allowed = (permission: string): boolean => permission === 'clipboard-sanitized-write'
  contents.session.setPermissionRequestHandler((_contents, permission, callback) => callback(allowed(permission)))
  contents.session.setPermissionCheckHandler((_contents, permission) => allowed(permission))
}
