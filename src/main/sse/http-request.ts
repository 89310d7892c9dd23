import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import https from 'node:https'
import { streamUrlProblem } from '../../shared/contract'
import type { DiagnosticCode } from '../../shared/frames'
import { redactUrl, redactUrlsIn } from '../../shared/redact'
import { isSecretHeader } from '../../shared/secrets'
import { ProxySettingError, chooseProxy, proxyLabel, type ProxyChoice } from './proxy'
import { MAX_RESPONSE_HEAD_BYTES } from './response-framing'
import { TransportWatch, createAgent } from './transport-agent'

export interface StreamRequest {
  url: string
  method: string
  headers: OutgoingHttpHeaders
  body?: string
  /** A proxy URL, or `direct`/empty for none; absent to follow HTTPS_PROXY/HTTP_PROXY/NO_PROXY (see chooseProxy). */
  proxy?: string
  /** Accept a TLS certificate that does not verify (curl's -k). Off by default. */
  insecure?: boolean
  /**
   * Let a redirect go from https to http, and resend the body on a 307/308 to another origin.
   * Off by default: see redirectPolicy. Credential headers are dropped on a change of origin
   * either way.
   */
  allowInsecureRedirects?: boolean
}

/** What following the redirects changed in the request, for a `diagnostic` frame each. */
export interface RedirectNotice {
  code: Extract<
    DiagnosticCode,
    'redirect-credentials-dropped' | 'redirect-body-dropped' | 'redirect-body-resent' | 'redirect-downgrade-allowed'
  >
  message: string
}

export interface StreamResponse {
  response: IncomingMessage
  /** The URL that answered, after redirects. */
  url: string
  redirects: number
  /** What the transport repaired and which socket carried the final response. */
  transport: TransportWatch
  /** The proxy the final request went through, if any. */
  proxy: ProxyChoice | null
  /** What the redirects on the way dropped or allowed, in order. */
  redirectNotices: RedirectNotice[]
}

/**
 * A failure below HTTP, with what is needed to name its cause: the proxy it went through, if
 * any, and whether that proxy had already opened its tunnel.
 */
export class TransportError extends Error {
  constructor(
    readonly original: unknown,
    readonly proxy: ProxyChoice | null,
    readonly tunnelOpen: boolean
  ) {
    super(original instanceof Error ? original.message : String(original))
  }
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
  return follow(request, signal, 0, [])
}

async function follow(request: StreamRequest, signal: AbortSignal, redirects: number, notices: RedirectNotice[]): Promise<StreamResponse> {
  const url = parseStreamUrl(request.url)
  let proxy: ProxyChoice | null
  try {
    proxy = chooseProxy(url, request.proxy)
  } catch (err) {
    if (err instanceof ProxySettingError) throw new RequestError(err.message, true)
    throw err
  }
  const transport = new TransportWatch()
  const { response, tunnelStatus } = await send(url, request, signal, proxy, transport)
  // Only a CONNECT tunnel (https: through a proxy) has a status of its own.
  if (proxy && url.protocol === 'https:' && typeof tunnelStatus === 'number' && tunnelStatus !== 200) {
    throw await tunnelRefused(response, url, proxy)
  }
  if (proxy && response.statusCode === 407) throw await tunnelRefused(response, url, proxy)
  const location = response.headers.location
  if (!REDIRECT_STATUSES.has(response.statusCode ?? 0) || !location) {
    return { response, url: url.href, redirects, transport, proxy, redirectNotices: notices }
  }
  response.resume()
  if (redirects >= MAX_REDIRECTS) {
    throw new RequestError(
      `Too many redirects (more than ${MAX_REDIRECTS}); last one pointed to ${redactUrlsIn(location)}. The server is probably redirecting in a loop: check the URL and the server's redirect rules.`,
      true
    )
  }
  const next = new URL(location, url)
  const status = response.statusCode ?? 0
  const becomesGet = (status === 303 && request.method !== 'HEAD') || ((status === 301 || status === 302) && request.method === 'POST')
  const step = redirectPolicy(url, next, status, request, becomesGet)
  if (step.refused) throw new RequestError(step.refused, true)
  return follow(
    { ...request, url: next.href, method: becomesGet ? 'GET' : request.method, headers: step.headers, body: step.body },
    signal,
    redirects + 1,
    [...notices, ...step.notices]
  )
}

/**
 * What a request keeps when it follows one redirect (Fetch §4.4 "HTTP-redirect fetch", made
 * stricter because this tool carries API keys in headers the Fetch standard does not know):
 *
 * - On any change of origin, every header the secret rule flags (`isSecretHeader`: Authorization,
 *   Cookie, Proxy-Authorization, X-API-Key, X-Auth-Token, Private-Token,
 *   Ocp-Apim-Subscription-Key, X-Functions-Key...) is dropped, not only Authorization and Cookie.
 * - https to http is refused unless `allowInsecureRedirects`: everything after it would cross
 *   the network in clear text.
 * - A 307/308 to another origin does not resend the body unless `allowInsecureRedirects`: LLM
 *   request bodies often hold an API key or private prompt meant for the origin the user named.
 *
 * `refused` is the error message when the redirect is not followed at all.
 */
export function redirectPolicy(
  from: URL,
  to: URL,
  status: number,
  request: Pick<StreamRequest, 'headers' | 'body' | 'allowInsecureRedirects' | 'method'>,
  becomesGet: boolean
): { headers: OutgoingHttpHeaders; body: string | undefined; notices: RedirectNotice[]; refused?: string } {
  const notices: RedirectNotice[] = []
  const allowed = request.allowInsecureRedirects === true
  const where = `${status} redirect from ${from.origin} to ${redactUrl(to.href)}`
  if (from.protocol === 'https:' && to.protocol === 'http:') {
    if (!allowed) {
      return {
        headers: {},
        body: undefined,
        notices,
        refused: `Refused to follow a ${where}: it leaves HTTPS for plain HTTP, where the request and the stream would cross the network unencrypted. If you trust that server, allow insecure redirects for this connection (tail --allow-insecure-redirects, or "Allow insecure redirects" in the Request drawer), or use its URL directly.`
      }
    }
    notices.push({
      code: 'redirect-downgrade-allowed',
      message: `Followed a ${where}, from HTTPS to plain HTTP, because insecure redirects are allowed for this connection: the rest of this request and the stream cross the network unencrypted.`
    })
  }
  const headers: OutgoingHttpHeaders = { ...request.headers }
  let body = becomesGet ? undefined : request.body
  if (becomesGet) {
    delete headers['content-type']
    delete headers['content-length']
  }
  if (to.origin !== from.origin) {
    // Credentials are for the origin the user named, not wherever it redirects.
    const dropped = Object.keys(headers).filter((name) => isSecretHeader(name))
    for (const name of dropped) delete headers[name]
    if (dropped.length > 0) {
      notices.push({
        code: 'redirect-credentials-dropped',
        message: `A ${where} changed origin, so the credential headers ${dropped.join(', ')} were not sent to ${to.origin}. If that server answers 401 or 403, this is why: send the request to it directly, with the credentials it expects.`
      })
    }
    if (body !== undefined && (status === 307 || status === 308)) {
      if (allowed) {
        notices.push({
          code: 'redirect-body-resent',
          message: `A ${where} changed origin; the request body was sent to ${to.origin} again because insecure redirects are allowed for this connection.`
        })
      } else {
        body = undefined
        delete headers['content-type']
        delete headers['content-length']
        notices.push({
          code: 'redirect-body-dropped',
          message: `A ${where} changed origin, so the request body (${Buffer.byteLength(request.body ?? '', 'utf8')} bytes) was not sent again: it may hold a key or a private prompt meant for ${from.origin}. The ${request.method} went to ${to.origin} without a body. To resend it, allow insecure redirects for this connection (tail --allow-insecure-redirects, or "Allow insecure redirects" in the Request drawer).`
        })
      }
    }
  }
  return { headers, body, notices }
}

/** The proxy's answer to a CONNECT it did not accept, or its 407: fatal for 407, else worth retrying. */
async function tunnelRefused(response: IncomingMessage, url: URL, proxy: ProxyChoice): Promise<RequestError> {
  const status = response.statusCode ?? 0
  const body = await new Promise<string>((resolve) => {
    const chunks: Buffer[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    const done = (): void => resolve(Buffer.concat(chunks).subarray(0, 200).toString('utf8').replace(/\s+/g, ' ').trim())
    response.once('end', done)
    response.once('error', done)
    response.once('close', done)
  })
  const via = `the proxy at ${proxyLabel(proxy.url)}${proxy.source === 'environment' ? ' (from the environment)' : ''}`
  const answer = `${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}${body ? ` (${body})` : ''}`
  if (status === 407) {
    return new RequestError(
      `${via[0]?.toUpperCase()}${via.slice(1)} wants credentials: it answered ${answer}. ${
        proxy.url.username
          ? 'It refused the user name and password in the proxy URL; check them'
          : 'Put them in the proxy URL (http://user:password@host:port)'
      }; the server itself was not reached.`,
      true
    )
  }
  return new RequestError(
    `${via[0]?.toUpperCase()}${via.slice(1)} would not open a tunnel to ${url.host}: it answered the CONNECT with ${answer}. The proxy could not reach the server, or does not allow it; the server itself was not reached.`,
    false
  )
}

function send(
  url: URL,
  request: StreamRequest,
  signal: AbortSignal,
  proxy: ProxyChoice | null,
  watch: TransportWatch
): Promise<{ response: IncomingMessage; tunnelStatus: number | null }> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http
    const body = request.body !== undefined ? Buffer.from(request.body, 'utf8') : undefined
    const headers: OutgoingHttpHeaders = { ...request.headers }
    if (body) headers['content-length'] = body.length
    let tunnelStatus: number | null = null
    let req: ReturnType<typeof transport.request>
    try {
      req = transport.request(url, {
        method: request.method,
        headers,
        signal,
        agent: createAgent(url, proxy, watch),
        // Chromium reads heads up to 256 KiB; the normalizer in front of the parser enforces that
        // and hands llhttp plain framing, so its lenient mode only lets through header value
        // bytes browsers accept (control characters, obs-text).
        maxHeaderSize: MAX_RESPONSE_HEAD_BYTES + 1024,
        insecureHTTPParser: true,
        rejectUnauthorized: request.insecure !== true,
        // Our agents replace the global one; a CA the process gave it still counts.
        ...(https.globalAgent.options.ca ? { ca: https.globalAgent.options.ca } : {})
      })
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
    req.once('proxyConnect', (connect: { statusCode: number }) => {
      tunnelStatus = connect.statusCode
    })
    req.once('response', (response: IncomingMessage) => resolve({ response, tunnelStatus }))
    req.once('error', (err) => reject(new TransportError(err, proxy, url.protocol === 'https:' && tunnelStatus === 200)))
    req.end(body)
  })
}
