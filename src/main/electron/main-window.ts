import { BrowserWindow, shell } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isOwnRendererUrl, rendererUrl } from './renderer-location'
import { lockDown } from './window-lockdown'

const here = fileURLToPath(new URL('.', import.meta.url))

/** The built renderer (out/renderer), beside this bundle's out/main. */
export const BUILT_RENDERER_DIR = join(here, '../renderer')

/** `devUrl`: the dev server's URL, only for an unpackaged app (see `devServerUrl`). */
export function createMainWindow(devUrl: string | undefined): BrowserWindow {
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
  lockDown(
    window.webContents,
    (url) => isOwnRendererUrl(url, devUrl),
    // Security review (OPEN_EXTERNAL_JS_CHECK): lockDown hands over only http(s) URLs (opensExternally,
    // tested in window-lockdown.test.ts), from the user's own clicks; stream data never becomes a link.
    (url) => shell.openExternal(url)
  )
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererUrl(devUrl))
  return window
}
