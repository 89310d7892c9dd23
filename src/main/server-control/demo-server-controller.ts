import {
  type FailureAction,
  DEFAULT_SERVER_CONFIG,
  DEFAULT_SERVER_HOSTNAME,
  DEFAULT_SERVER_PORT,
  type ServerConfig,
  type ServerStatus
} from '../../shared/server-config'
import { DemoServer } from '../demo-server/demo-server'

/**
 * Keeps one embedded demo server alive across restarts on other ports, so the UI can stop,
 * start and reconfigure it without caring which instance is current. A failed start is a
 * status with an error, not an exception, because the rest of the app runs fine without it.
 */
export class DemoServerController {
  private server: DemoServer
  private config: ServerConfig = DEFAULT_SERVER_CONFIG
  private lastError: string | null = null
  private unsubscribe: () => void = () => {}
  private readonly listeners = new Set<(status: ServerStatus) => void>()

  constructor(
    private port: number = DEFAULT_SERVER_PORT,
    private readonly log: (line: string) => void = () => {}
  ) {
    this.server = this.create()
  }

  status(): ServerStatus {
    return { ...this.server.status(), error: this.lastError }
  }

  async start(port?: number): Promise<ServerStatus> {
    if (port !== undefined && port !== this.port) {
      await this.server.stop()
      this.port = port
      this.server = this.create()
    } else if (this.server.status().running) {
      return this.status()
    }
    try {
      await this.server.start()
      this.lastError = null
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err)
    }
    return this.changed()
  }

  async stop(): Promise<ServerStatus> {
    await this.server.stop()
    return this.changed()
  }

  configure(patch: Partial<ServerConfig>): ServerStatus {
    this.server.configure(patch)
    this.config = this.server.status().config
    return this.changed()
  }

  inject(action: FailureAction): ServerStatus {
    if (!this.server.status().running) throw new Error('The demo server is not running; start it first.')
    this.server.inject(action)
    return this.changed()
  }

  onStatus(listener: (status: ServerStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private create(): DemoServer {
    this.unsubscribe()
    const server = new DemoServer({ hostname: DEFAULT_SERVER_HOSTNAME, port: this.port, config: this.config, log: this.log })
    this.unsubscribe = server.onStatus(() => this.changed())
    return server
  }

  private changed(): ServerStatus {
    const status = this.status()
    for (const listener of this.listeners) listener(status)
    return status
  }
}
