/**
 * Turns Node's network errors into a sentence a user can act on. The raw code stays in the
 * text so it can be searched for.
 */
export function describeNetworkError(err: unknown, url: string): string {
  const e = err as NodeJS.ErrnoException & { cause?: unknown }
  const code = e?.code ?? ''
  let host = url
  try {
    host = new URL(url).host
  } catch {
    // keep the whole URL
  }
  switch (code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${host} (ECONNREFUSED): nothing is listening there. Is the server running on that port?`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not resolve ${host} (${code}): check the host name and your network.`
    case 'ECONNRESET':
      return `${host} reset the connection (ECONNRESET).`
    case 'ETIMEDOUT':
      return `Connecting to ${host} timed out (ETIMEDOUT).`
    case 'EPIPE':
      return `${host} closed the connection while the request was being sent (EPIPE).`
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} is unreachable (${code}): check the address and your network.`
    case 'UND_ERR_SOCKET':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return `${host} closed the connection mid-stream.`
    default:
      break
  }
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') {
    return `TLS error talking to ${host} (${code}): ${e.message}. The certificate is not trusted by this machine.`
  }
  const message = e instanceof Error ? e.message : String(err)
  return code ? `${message} (${code})` : message
}
