import { ContentDecodingError } from './content-decoding'
import { TransportError } from './http-request'
import { proxyLabel } from './proxy'
import { FramingError } from './response-framing'

/** Failures of the connection itself, which through a proxy (before its tunnel is open) are the proxy's. */
const PROXY_FAILURE: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused: nothing is listening on that port',
  ENOTFOUND: 'its host name does not resolve',
  EAI_AGAIN: 'its host name could not be resolved: the name server did not answer',
  ETIMEDOUT: 'connecting to it timed out',
  EHOSTUNREACH: 'it is unreachable',
  ENETUNREACH: 'it is unreachable',
  ECONNRESET: 'it dropped the connection without answering',
  EPIPE: 'it closed the connection while the request was being sent'
}

/**
 * Turns Node's network errors into a sentence a user can act on: what happened, then what to
 * do. The raw code stays in the text so it can be searched for. An error that came through a
 * proxy (a TransportError from openStream) names the proxy when the proxy is what failed.
 */
export function describeNetworkError(err: unknown, url: string): string {
  if (err instanceof TransportError) {
    const inner = err.original as NodeJS.ErrnoException
    if (!err.proxy) return describeNetworkError(inner, url)
    const proxy = proxyLabel(err.proxy.url)
    const from = err.proxy.source === 'environment' ? ' (from HTTPS_PROXY/HTTP_PROXY in the environment)' : ''
    const code = typeof inner?.code === 'string' ? inner.code : ''
    const failure = PROXY_FAILURE[code]
    if (!err.tunnelOpen && failure) {
      return `The proxy at ${proxy}${from} failed: ${failure} (${code}). The server itself was not reached; check the proxy setting.`
    }
    return `${describeNetworkError(inner, url)} (The connection went through the proxy at ${proxy}${from}.)`
  }
  if (err instanceof FramingError)
    return `${hostOf(url)} sent a malformed HTTP response: ${err.message} (${err.code}). Look at the raw response with curl -v, and fix the server.`
  if (err instanceof ContentDecodingError) return err.message
  const e = err as NodeJS.ErrnoException & { reason?: unknown; rawPacket?: unknown }
  const code = typeof e?.code === 'string' ? e.code : ''
  const message = e instanceof Error ? e.message : String(err)
  let host = url
  let hostname = url
  try {
    host = new URL(url).host
    hostname = new URL(url).hostname
  } catch {
    // keep the whole URL
  }
  switch (code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${host} (ECONNREFUSED): nothing is listening there. Is the server running on that port?`
    case 'ENOTFOUND':
      return `Could not resolve the host name "${hostname}" (ENOTFOUND): no address exists for it. Check the spelling of the URL, and your network or DNS settings.`
    case 'EAI_AGAIN':
      return `Could not resolve the host name "${hostname}" (EAI_AGAIN): the name server did not answer. Check your network connection, then reconnect.`
    case 'ECONNRESET':
      return message === 'socket hang up'
        ? `${host} closed the connection without sending any response (ECONNRESET, socket hang up): it accepted the request and hung up.${url.startsWith('http:') ? ' A server that speaks only TLS on that port does exactly this to an http: request: if it is one, use https:.' : ''} Otherwise check the server's logs for what it did with the request.`
        : `${host} reset the connection (ECONNRESET): the server, or something in between, dropped it abruptly. Check the server's logs.`
    case 'ETIMEDOUT':
      return `${host} stopped answering (ETIMEDOUT): the operating system gave up waiting for it. Check the address, and whether a firewall is in the way.`
    case 'EPIPE':
      return `${host} closed the connection while the request was still being sent (EPIPE): it stopped reading before the request ended. Check the server's logs for why it refused the request.`
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} is unreachable (${code}): check the address and your network.`
    case 'UND_ERR_SOCKET':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return `${host} closed the connection mid-stream.`
    default:
      break
  }
  const tls = describeTlsError(code, message, host)
  if (tls) return tls
  if (code.startsWith('HPE_')) {
    const raw = Buffer.isBuffer(e.rawPacket) ? e.rawPacket : null
    // A TLS record (handshake 0x16 or alert 0x15, version 3.x) where HTTP was expected.
    if (code === 'HPE_INVALID_CONSTANT' && raw && (raw[0] === 0x15 || raw[0] === 0x16) && raw[1] === 0x03) {
      return `${host} answered in TLS, not plain HTTP (${code}): it serves https: on that port. Use the URL with https: instead of http:.`
    }
    return describeMalformedResponse(code, typeof e.reason === 'string' ? e.reason : message, host)
  }
  if (code.startsWith('Z_')) {
    return `The response body could not be decompressed (${code}: ${message}).`
  }
  return code ? `${message} (${code})` : message
}

const UNTRUSTED_ISSUER = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'])
const TRUST_HINT =
  "To trust a private CA, start the inspector with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; to accept this certificate for one connection only, use tail -k or the Request drawer's insecure toggle."

/** Certificate problems name the certificate and say how to get past them; null when not TLS. */
function describeTlsError(code: string, message: string, host: string): string | null {
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') {
    return `The TLS certificate of ${host} is self-signed (${code}), and this machine does not trust it, so the connection was refused. Give the server a certificate from a trusted authority, or use http: for a local test server. ${TRUST_HINT}`
  }
  if (UNTRUSTED_ISSUER.has(code)) {
    return `The TLS certificate of ${host} was issued by an authority this machine does not trust (${code}), so the connection was refused. The server may be missing its intermediate certificates. ${TRUST_HINT}`
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    const when = code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'
    return `The TLS certificate of ${host} ${when} (${code}), so the connection was refused. Renew the certificate on the server, or check this machine's clock.`
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `The TLS certificate of ${host} is for a different name (${code}: ${message}), so the connection was refused. Connect with a host name the certificate lists.`
  }
  if (code === 'EPROTO' && /wrong version number|packet length too long/i.test(message)) {
    return `${host} did not answer in TLS (${code}): it probably serves plain HTTP on that port. Try the URL with http: instead of https:.`
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') || code === 'EPROTO') {
    return `The TLS handshake with ${host} failed (${code}: ${message}). Check the server's certificate and TLS settings.`
  }
  return null
}

const MALFORMED_WHAT: Record<string, string> = {
  HPE_INVALID_HEADER_TOKEN: 'a header line is malformed (no colon, or a character not allowed in a header name)',
  HPE_INVALID_CONSTANT: 'it does not start with an HTTP status line, so the server may not speak HTTP at all',
  HPE_INVALID_VERSION: 'its status line has an invalid HTTP version',
  HPE_INVALID_STATUS: 'its status line has an invalid status code',
  HPE_HEADER_OVERFLOW: 'its headers are larger than 256 KiB, the most Chromium accepts',
  HPE_INVALID_CHUNK_SIZE: 'its chunked body is corrupt',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'it has both Content-Length and Transfer-Encoding'
}

/** llhttp (Node's HTTP parser) errors: the server's bytes were not valid HTTP/1.1. */
function describeMalformedResponse(code: string, reason: string, host: string): string {
  const what =
    MALFORMED_WHAT[code] ??
    reason
      .replace(/^Parse Error: /, '')
      .replace(/\.$/, '')
      .toLowerCase()
  return `${host} sent a malformed HTTP response: ${what} (${code}). Look at the raw response with curl -v, and fix the server.`
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
