import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import { contentTypeOf, resolveFileInRoot } from '../http/file-in-root'
import { APP_SCHEME, RENDERER_HOST } from './renderer-location'

/**
 * Must run before the app is ready. Standard and secure give the scheme a real origin
 * (app://renderer) that CSP 'self' and module scripts work with, like https would.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** Serves the built renderer, and nothing outside it, on app://renderer/. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === RENDERER_HOST ? await resolveFileInRoot(rendererDir, url.pathname) : null
    if (!file) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } })
    return new Response(await readFile(file), { headers: { 'content-type': contentTypeOf(file) } })
  })
}
