import type { CallRouter } from '../core/call-router'
import type { DemoServerController } from './demo-server-controller'

export function registerServerHandlers(router: CallRouter, controller: DemoServerController): void {
  router.handle('server:status', () => controller.status())
  router.handle('server:start', ({ port }) => controller.start(port))
  router.handle('server:stop', () => controller.stop())
  router.handle('server:configure', (patch) => controller.configure(patch))
  router.handle('server:inject', (action) => controller.inject(action))
}
