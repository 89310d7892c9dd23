import { describe, expect, it } from 'vitest'
import { isOwnRendererUrl } from './renderer-location'
import { isPermissionAllowed, lockDown, opensExternally, refuseWebviews, type LockableContents } from './window-lockdown'

type Listener = (event: { preventDefault: () => void }, url?: string) => void

/** A stand-in for Electron's WebContents: records the handlers the lock-down installs. */
function standInContents() {
  const listeners = new Map<string, Listener[]>()
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null
  let requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null
  let checkHandler: ((contents: unknown, permission: string) => boolean) | null = null
  const contents = {
    on: (event: string, listener: Listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
    },
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler
    },
    session: {
      setPermissionRequestHandler: (handler: typeof requestHandler) => {
        requestHandler = handler
      },
      setPermissionCheckHandler: (handler: typeof checkHandler) => {
        checkHandler = handler
      }
    }
  }
  /** Emits `event` as Electron would; true when a handler prevented it. */
  const emit = (event: string, url?: string): boolean => {
    let prevented = false
    for (const listener of listeners.get(event) ?? []) listener({ preventDefault: () => (prevented = true) }, url)
    return prevented
  }
  return {
    contents: contents as unknown as LockableContents,
    emit,
    openWindow: (url: string) => openHandler!({ url }),
    requestPermission: (permission: string) => new Promise<boolean>((resolve) => requestHandler!(null, permission, resolve)),
    checkPermission: (permission: string) => checkHandler!(null, permission)
  }
}

describe('the desktop window lock-down', () => {
  const setUp = (devUrl?: string) => {
    const opened: string[] = []
    const stand = standInContents()
    lockDown(
      stand.contents,
      (url) => isOwnRendererUrl(url, devUrl),
      (url) => opened.push(url)
    )
    return { ...stand, opened }
  }

  it('lets the window navigate within its own UI only, and redirects likewise', () => {
    const { emit } = setUp()
    expect(emit('will-navigate', 'app://renderer/index.html')).toBe(false)
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/', 'javascript:alert(1)', 'http://localhost:5173/']) {
      expect(emit('will-navigate', url)).toBe(true)
      expect(emit('will-redirect', url)).toBe(true)
    }
    // With a dev server (unpackaged only), that server is the UI.
    expect(setUp('http://localhost:5173/').emit('will-navigate', 'http://localhost:5173/x')).toBe(false)
  })

  it('denies every new window, sending only http(s) links to the system browser', () => {
    const { openWindow, opened } = setUp()
    for (const url of [
      'https://example.com/docs',
      'HTTP://example.com/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:x',
      'app://renderer/'
    ]) {
      expect(openWindow(url)).toEqual({ action: 'deny' })
    }
    expect(opened).toEqual(['https://example.com/docs', 'HTTP://example.com/'])
    expect(opensExternally('ms-settings:')).toBe(false)
  })

  it('never attaches a webview, here or in any other web contents', () => {
    expect(setUp().emit('will-attach-webview')).toBe(true)
    const other = standInContents()
    refuseWebviews(other.contents)
    expect(other.emit('will-attach-webview')).toBe(true)
  })

  it('denies permissions but the clipboard write the Copy buttons need', async () => {
    const { requestPermission, checkPermission } = setUp()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(await requestPermission(permission)).toBe(false)
      expect(checkPermission(permission)).toBe(false)
    }
    expect(await requestPermission('clipboard-sanitized-write')).toBe(true)
    expect(checkPermission('clipboard-sanitized-write')).toBe(true)
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true)
  })
})
