import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isInvokeChannel, type PushChannel } from '../../shared/channels'
import type { InspectorCore } from '../core/inspector-core'
import { BacklogLimit, PushLedger } from '../core/push-backlog'
import { readBody } from '../http/read-body'
import { AccessGuard, newToken } from './access-guard'
import { pagePolicy } from './page-policy'
import { serveRendererFile } from './renderer-files'

export interface WebServerOptions {
  core: InspectorCore
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  token?: string
}

export interface WebServerInfo {
  /**
   * The URL to open. The token rides in the fragment, which browsers never send to a server
   * (nor in Referer); the page moves it into the tab's sessionStorage and off the address bar.
   */
  url: string
  port: number
  token: string
}

export const API_CALL_PREFIX = '/api/call/'
export const API_PUSH_PATH = '/api/push'
const MAX_CALL_BODY_BYTES = 12 * 1024 * 1024
const KEEPALIVE_MS = 15_000

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin'
}

/**
 * Browser mode: the same renderer, the same contract, carried over HTTP. Calls are POSTs
 * answered with the call's outcome; pushes are an event stream, because this is an SSE tool.
 */
export class WebServer {
  private readonly server: Server
  private readonly token: string
  private readonly guard: AccessGuard
  /** Each push client (a tab), with its backlog rule; a tab past it is cut off (push-backlog.ts). */
  private readonly pushClients = new Map<ServerResponse, BacklogLimit>()
  private unsubscribe: (() => void) | null = null
  private keepalive: NodeJS.Timeout | null = null
  /** Numbers pushes, so a tab that reconnects can be told what it missed. */
  private readonly ledger = new PushLedger()
  private readonly securityHeaders: Record<string, string>

  constructor(private readonly options: WebServerOptions) {
    this.token = options.token ?? newToken()
    this.guard = new AccessGuard(this.token, () => this.port())
    this.securityHeaders = { 'content-security-policy': pagePolicy(options.rendererDir), ...SECURITY_HEADERS }
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, `Internal error: ${err instanceof Error ? err.message : String(err)}`)
        else res.destroy()
      })
    })
  }

  port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? 0
  }

  async start(): Promise<WebServerInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    this.unsubscribe = this.options.core.push.subscribe((channel, payload) => this.broadcast(channel, payload))
    this.keepalive = setInterval(() => {
      for (const res of this.pushClients.keys()) res.write(': keepalive\n\n')
    }, KEEPALIVE_MS)
    const port = this.port()
    return { url: `http://127.0.0.1:${port}/#token=${this.token}`, port, token: this.token }
  }

  async stop(): Promise<void> {
    this.unsubscribe?.()
    if (this.keepalive) clearInterval(this.keepalive)
    for (const res of this.pushClients.keys()) res.end()
    this.pushClients.clear()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(this.securityHeaders)) res.setHeader(name, value)
    const hostCheck = this.guard.checkHostAndOrigin(req)
    if (!hostCheck.ok) return send(res, hostCheck.status, hostCheck.message)

    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    const isApi = url.pathname === API_PUSH_PATH || url.pathname.startsWith(API_CALL_PREFIX)
    if (!isApi) {
      // The page and its assets are the published renderer, secret to no one; they load without
      // the token so that a reload finds it again in the tab's sessionStorage. Everything that
      // acts or reads state is under /api/ and needs the token in a header.
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.')
      if (!(await serveRendererFile(this.options.rendererDir, url.pathname, res))) send(res, 404, 'Not found.')
      return
    }
    if (!this.guard.isAuthorized(req)) {
      return send(
        res,
        401,
        'This SSE Inspector needs its access token. Open the URL that `sse-inspector web` printed (it ends in #token=...).'
      )
    }

    if (url.pathname === API_PUSH_PATH && req.method === 'GET') return this.openPush(req, res)
    if (url.pathname.startsWith(API_CALL_PREFIX)) {
      if (req.method !== 'POST') return send(res, 405, 'Calls are POST requests.')
      return this.answerCall(url.pathname.slice(API_CALL_PREFIX.length), req, res)
    }
    send(res, 405, 'The push stream is a GET request.')
  }

  private async answerCall(channel: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isInvokeChannel(channel)) return send(res, 404, `Unknown call: ${channel}`)
    // A JSON content type cannot be sent cross-site without a preflight, which we never answer.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, 415, 'Calls must be application/json.')
    }
    const body = await readBody(req, MAX_CALL_BODY_BYTES)
    if (body === null) {
      res.setHeader('connection', 'close')
      return send(res, 413, `The request is larger than ${MAX_CALL_BODY_BYTES} bytes.`)
    }
    let request: unknown
    try {
      request = body === '' ? undefined : JSON.parse(body)
    } catch {
      return sendJson(res, 400, { ok: false, error: { message: 'The request body is not valid JSON.' } })
    }
    const outcome = await this.options.core.router.call(channel, request)
    sendJson(res, 200, outcome)
  }

  private openPush(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive'
    })
    res.write('retry: 1000\n\n')
    // The tab sends back the last id it saw, as EventSource does; anything after it is lost and must be said.
    const gap = this.ledger.gapSince(String(req.headers['last-event-id'] ?? ''))
    if (gap) {
      // With an id, so a tab that drops again before the next update is not told twice.
      res.write(`id: ${this.ledger.currentId()}\nevent: push:gap\ndata: ${JSON.stringify(gap)}\n\n`)
    }
    this.pushClients.set(res, new BacklogLimit())
    res.on('close', () => this.pushClients.delete(res))
  }

  private broadcast(channel: PushChannel, payload: unknown): void {
    // Counted even with no tab listening: one that is reconnecting right now missed these.
    const id = this.ledger.record(channel, payload)
    if (this.pushClients.size === 0) return
    // JSON never contains a raw line break, so one data: line always carries it whole.
    const message = `id: ${id}\nevent: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`
    const bytes = Buffer.byteLength(message)
    for (const [res, limit] of this.pushClients) {
      if (limit.exceeded(res.writableLength)) {
        this.pushClients.delete(res)
        res.destroy()
        continue
      }
      res.write(message)
      limit.sent(bytes)
    }
  }
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  res.end(`${text}\n`)
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(value))
}
