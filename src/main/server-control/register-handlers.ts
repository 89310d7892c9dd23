import type { CallRouter } from '../core/call-router'
import type { ServerHost } from './server-host'

export function registerServerHandlers(router: CallRouter, host: ServerHost): void {
  router.handle('server:status', () => host.status())
  router.handle('server:start', ({ port }) => host.start(port))
  router.handle('server:stop', () => host.stop())
  router.handle('server:configure', (patch) => host.configure(patch))
  router.handle('server:inject', (action) => host.inject(action))
}
