/**
 * Where the desktop window's UI comes from. Not file://, which Electron's security checklist
 * advises against (every local file shares that origin): a privileged `app:` scheme whose
 * only host serves the built renderer, or the dev server while developing.
 */
export const APP_SCHEME = 'app'
export const RENDERER_HOST = 'renderer'

/**
 * The dev server's URL (electron-vite sets `ELECTRON_RENDERER_URL`), honoured only while
 * developing: a packaged app always loads its own built UI, so nothing in the environment
 * can point the window, with its IPC bridge, at another page.
 */
export function devServerUrl(env: Record<string, string | undefined>, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined
  return env['ELECTRON_RENDERER_URL'] || undefined
}

/** `devUrl`: from `devServerUrl`; undefined for the built UI on app://renderer. */
export function rendererUrl(devUrl: string | undefined): string {
  return devUrl ?? `${APP_SCHEME}://${RENDERER_HOST}/index.html`
}

/** True for a URL of our own UI: same scheme and host (origin is "null" for custom schemes in Node). */
export function isOwnRendererUrl(url: string, devUrl: string | undefined): boolean {
  const own = new URL(rendererUrl(devUrl))
  try {
    const candidate = new URL(url)
    return candidate.protocol === own.protocol && candidate.host === own.host
  } catch {
    return false
  }
}
