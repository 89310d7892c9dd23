/**
 * The desktop window's navigation, new-window, webview and permission rules, as plain
 * functions over the few methods of Electron's WebContents they use, so they can be tested
 * with stand-ins (the Electron binary cannot run in CI). Follows Electron's security
 * checklist (https://www.electronjs.org/docs/latest/tutorial/security, items 13–15 and 5).
 */

interface Preventable {
  preventDefault: () => void
}

/** The part of Electron's WebContents the lock-down needs. */
export interface LockableContents {
  on: ((event: 'will-navigate', listener: (event: Preventable, url: string) => void) => unknown) &
    ((event: 'will-redirect', listener: (event: Preventable, url: string) => void) => unknown) &
    ((event: 'will-attach-webview', listener: (event: Preventable) => void) => unknown)
  setWindowOpenHandler: (handler: (details: { url: string }) => { action: 'deny' }) => void
  session: {
    setPermissionRequestHandler: (handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void) => void
    setPermissionCheckHandler: (handler: (contents: unknown, permission: string) => boolean) => void
  }
}

/** Writing to the clipboard is what the Copy buttons need; every other permission is denied. */
export function isPermissionAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write'
}

/** Only http(s) links leave for the system browser; any other scheme could start a local program. */
export function opensExternally(url: string): boolean {
  return /^https?:\/\//i.test(url)
}

/**
 * The window shows our renderer and nothing else: navigations and redirects elsewhere are
 * stopped, new windows are denied (http(s) links go to `openExternal`, the system browser),
 * webviews never attach, and permissions are denied but for the clipboard write.
 */
export function lockDown(contents: LockableContents, isOwnUrl: (url: string) => boolean, openExternal: (url: string) => unknown): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    // Only http(s) URLs reach the system browser (main-window.ts passes shell.openExternal); the
    // renderer never turns stream data into links, so these come from the user's own clicks.
    if (opensExternally(url)) openExternal(url)
    return { action: 'deny' }
  })
  refuseWebviews(contents)
  contents.session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)))
  contents.session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission))
}

/** For every web contents the app creates, ours or not: a `<webview>` never attaches. */
export function refuseWebviews(contents: Pick<LockableContents, 'on'>): void {
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
