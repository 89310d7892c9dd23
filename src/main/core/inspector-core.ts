import type { AppInfo } from '../../shared/contract'
import { DEFAULT_SERVER_HOSTNAME, DEFAULT_SERVER_PORT, STREAM_PATH } from '../../shared/server-config'
import { join } from 'node:path'
import { ConnectionManager } from '../connections/connection-manager'
import { EndpointStore } from '../endpoints/endpoint-store'
import { registerEndpointHandlers } from '../endpoints/register-handlers'
import { NO_SECRET_BOX, type SecretBox } from '../endpoints/secret-box'
import { defaultDataDir } from '../settings/data-dir'
import { registerConnectionHandlers } from '../connections/register-handlers'
import { registerServerHandlers } from '../server-control/register-handlers'
import { DemoServerController } from '../server-control/demo-server-controller'
import { CallRouter } from './call-router'
import { FrameBatcher } from './frame-batcher'
import { PushBus } from './push-bus'
import { APP_VERSION } from './version'

export interface InspectorCoreOptions {
  transport: AppInfo['transport']
  serverPort?: number
  /** Where settings live; the desktop app passes Electron's userData. */
  dataDir?: string
  /** Seals saved secrets; absent outside Electron, where secrets are not saved. */
  secretBox?: SecretBox
  log?: (line: string) => void
}

/**
 * Everything behind the contract, with no transport and no Electron: the router the
 * transports call, the bus they forward, and the domains that register on them.
 */
export class InspectorCore {
  readonly router = new CallRouter()
  readonly push = new PushBus()
  readonly demoServer: DemoServerController
  readonly connections: ConnectionManager
  private readonly batcher: FrameBatcher

  constructor(private readonly options: InspectorCoreOptions) {
    this.batcher = new FrameBatcher((batch) => this.push.emit('frames', batch))
    this.demoServer = new DemoServerController(options.serverPort ?? DEFAULT_SERVER_PORT, options.log)
    this.connections = new ConnectionManager({
      frame: (frame) => this.batcher.add(frame),
      state: (summary) => {
        // State must not overtake the frames that caused it.
        this.batcher.flush()
        this.push.emit('connection:state', summary)
      }
    })
    this.demoServer.onStatus((status) => this.push.emit('server:status', status))

    this.router.handle('app:info', () => this.info())
    registerConnectionHandlers(this.router, this.connections)
    registerServerHandlers(this.router, this.demoServer)
    const dataDir = options.dataDir ?? defaultDataDir()
    registerEndpointHandlers(this.router, new EndpointStore(join(dataDir, 'endpoints.json'), options.secretBox ?? NO_SECRET_BOX))
  }

  info(): AppInfo {
    const status = this.demoServer.status()
    const port = status.port ?? this.options.serverPort ?? DEFAULT_SERVER_PORT
    return {
      version: APP_VERSION,
      transport: this.options.transport,
      defaultUrl: `http://${DEFAULT_SERVER_HOSTNAME}:${port}${STREAM_PATH}`
    }
  }

  /** Starts the embedded server; a busy port is reported in its status, not thrown. */
  async start(): Promise<void> {
    await this.demoServer.start()
  }

  async dispose(): Promise<void> {
    this.connections.closeAll()
    this.batcher.dispose()
    await this.demoServer.stop()
  }
}
