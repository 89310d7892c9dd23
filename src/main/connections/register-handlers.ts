import type { CallRouter } from '../core/call-router'
import type { ConnectionManager } from './connection-manager'

export function registerConnectionHandlers(router: CallRouter, connections: ConnectionManager): void {
  router.handle('connection:open', (request) => connections.open(request))
  router.handle('connection:close', ({ connectionId }) => connections.close(connectionId))
  router.handle('connection:list', () => connections.list())
  router.handle('event:data', ({ key }) => {
    const data = connections.largeData.get(key)
    return data === null ? null : { data }
  })
}
