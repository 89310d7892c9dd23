/**
 * Where the desktop window's UI comes from. Not file://, which Electron's security checklist
 * advises against (every local file shares that origin): a privileged `app:` scheme whose
 * only host serves the built renderer, or the dev server while developing.
 */
export const APP_SCHEME = 'app'
export const RENDERER_HOST = 'renderer'

export function rendererUrl(devUrl = process.env['ELECTRON_RENDERER_URL']): string {
  return devUrl ?? `${APP_SCHEME}://${RENDERER_HOST}/index.html`
}

/** True for a URL of our own UI: same scheme and host (origin is "null" for custom schemes in Node). */
export function isOwnRendererUrl(url: string, devUrl = process.env['ELECTRON_RENDERER_URL']): boolean {
  const own = new URL(rendererUrl(devUrl))
  try {
    const candidate = new URL(url)
    return candidate.protocol === own.protocol && candidate.host === own.host
  } catch {
    return false
  }
}
