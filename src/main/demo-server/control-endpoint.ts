import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import { controlRequestSchema, type ServerStatus } from '../../shared/server-config'
import { hostHeaderName, isLoopbackAddress, isLoopbackHost } from './loopback'
import { IDENTITY_HEADER } from './port-check'
import { readBody } from '../http/read-body'

export { isLoopbackAddress } from './loopback'

export type ParsedControlRequest = z.output<typeof controlRequestSchema>

export interface ControlTarget {
  status: () => ServerStatus
  /** Applies config then fault; throws with a readable message when the server refuses. */
  apply: (request: ParsedControlRequest) => ServerStatus
}

const MAX_BODY = 1024 * 1024

/** One line per problem, with where it is: what a person needs to fix a request by hand. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ')
}

/**
 * Why a control request must be refused, or null. Loopback peers only; and since a web page in
 * a local browser is also a loopback peer, cross-site origins and rebound host names are refused
 * too, or any site could reconfigure the server behind the user's back.
 */
export function controlRefusal(req: IncomingMessage): string | null {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return 'the control endpoint only answers requests from this machine'
  const host = req.headers.host
  if (host && !isLoopbackHost(hostHeaderName(host))) return `Host "${host}" is not a loopback name`
  const origin = req.headers.origin
  if (origin !== undefined) {
    let hostname: string | null
    try {
      hostname = new URL(origin).hostname
    } catch {
      hostname = null
    }
    if (!hostname || !isLoopbackHost(hostname)) return `requests from origin ${origin} are not allowed`
  }
  return null
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? `${body}\n` : `${JSON.stringify(body)}\n`
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'Cache-Control': 'no-store',
    [IDENTITY_HEADER]: 'demo-server'
  })
  res.end(text)
}

/** GET: the status as JSON. POST `{config?, inject?}`: applies them, answers the new status. */
export async function handleControl(req: IncomingMessage, res: ServerResponse, target: ControlTarget): Promise<void> {
  const refusal = controlRefusal(req)
  if (refusal) return send(res, 403, `Forbidden: ${refusal}.`)
  if (req.method === 'GET' || req.method === 'HEAD') return send(res, 200, target.status())
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'GET, POST')
    return send(res, 405, 'Use GET for the status or POST {"config": {...}, "inject": {...}}.')
  }
  // JSON only: a cross-site form or no-cors fetch cannot send it without a preflight we never grant
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') return send(res, 415, 'Send the body as Content-Type: application/json.')
  const raw = await readBody(req, MAX_BODY)
  if (raw === null) {
    res.setHeader('Connection', 'close')
    return send(res, 413, `Body larger than ${MAX_BODY} bytes.`)
  }
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (err) {
    return send(res, 400, `Body is not JSON: ${(err as Error).message}`)
  }
  const parsed = controlRequestSchema.safeParse(json)
  if (!parsed.success) return send(res, 400, `Invalid control request: ${formatIssues(parsed.error)}`)
  try {
    send(res, 200, target.apply(parsed.data))
  } catch (err) {
    send(res, 400, (err as Error).message)
  }
}
