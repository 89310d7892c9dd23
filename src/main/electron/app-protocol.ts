import { protocol } from 'electron'
import { answerAppRequest } from './app-request'
import { APP_SCHEME } from './renderer-location'

/**
 * Must run before the app is ready. Standard and secure give the scheme a real origin
 * (app://renderer) that CSP 'self' and module scripts work with, like https would.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** Serves the built renderer, and nothing outside it, on app://renderer/. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(rendererDir, request.url))
}
