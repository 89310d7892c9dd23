import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import https from 'node:https'
import { streamUrlProblem } from '../../shared/contract'

export interface StreamRequest {
  url: string
  method: string
  headers: OutgoingHttpHeaders
  body?: string
}

export interface StreamResponse {
  response: IncomingMessage
  /** The URL that answered, after redirects. */
  url: string
  redirects: number
}

const MAX_REDIRECTS = 20
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

export class RequestError extends Error {
  constructor(
    message: string,
    readonly fatal: boolean
  ) {
    super(message)
  }
}

/** Checks a URL the user typed before anything touches the network. */
export function parseStreamUrl(raw: string): URL {
  const problem = streamUrlProblem(raw)
  if (problem) throw new RequestError(problem, true)
  return new URL(raw.trim())
}

/**
 * Sends the request and follows redirects the way fetch does (a 303, or a 301/302 answering
 * a POST, turns into a GET without a body). Resolves once a non-redirect response has headers.
 */
export function openStream(request: StreamRequest, signal: AbortSignal): Promise<StreamResponse> {
  return follow(request, signal, 0)
}

async function follow(request: StreamRequest, signal: AbortSignal, redirects: number): Promise<StreamResponse> {
  const url = parseStreamUrl(request.url)
  const response = await send(url, request, signal)
  const location = response.headers.location
  if (!REDIRECT_STATUSES.has(response.statusCode ?? 0) || !location) {
    return { response, url: url.href, redirects }
  }
  response.resume()
  if (redirects >= MAX_REDIRECTS) {
    throw new RequestError(
      `Too many redirects (more than ${MAX_REDIRECTS}); last one pointed to ${location}. The server is probably redirecting in a loop: check the URL and the server's redirect rules.`,
      true
    )
  }
  const next = new URL(location, url).href
  const status = response.statusCode ?? 0
  const becomesGet = (status === 303 && request.method !== 'HEAD') || ((status === 301 || status === 302) && request.method === 'POST')
  const headers = { ...request.headers }
  if (becomesGet) {
    delete headers['content-type']
    delete headers['content-length']
  }
  if (new URL(next).origin !== url.origin) {
    // Credentials are for the origin the user named, not wherever it redirects.
    delete headers.authorization
    delete headers.cookie
  }
  return follow(
    { url: next, method: becomesGet ? 'GET' : request.method, headers, body: becomesGet ? undefined : request.body },
    signal,
    redirects + 1
  )
}

function send(url: URL, request: StreamRequest, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http
    const body = request.body !== undefined ? Buffer.from(request.body, 'utf8') : undefined
    const headers: OutgoingHttpHeaders = { ...request.headers }
    if (body) headers['content-length'] = body.length
    let req: ReturnType<typeof transport.request>
    try {
      req = transport.request(url, { method: request.method, headers, signal })
    } catch (err) {
      // Node refuses the request itself (a header or method it cannot put on the wire): trying
      // again would fail the same way forever, so this is fatal.
      const e = err as NodeJS.ErrnoException
      reject(
        new RequestError(
          `The request cannot be sent: ${e.message}${e.code ? ` (${e.code})` : ''}. Fix that in the request and connect again.`,
          true
        )
      )
      return
    }
    req.once('response', resolve)
    req.once('error', reject)
    req.end(body)
  })
}
