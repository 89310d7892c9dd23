import type { CallRouter } from '../core/call-router'
import type { EndpointStore } from './endpoint-store'

export function registerEndpointHandlers(router: CallRouter, store: EndpointStore): void {
  router.handle('endpoints:list', () => store.list())
  router.handle('endpoints:save', ({ name, request }) => store.save(name, request))
  router.handle('endpoints:remove', ({ name }) => store.remove(name))
}
