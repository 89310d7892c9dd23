import http from 'node:http'
import { CONTROL_PATH } from '../../shared/server-config'

/** Marks the demo server's own non-stream responses, so a second instance can recognise the first. */
export const IDENTITY_HEADER = 'x-sse-inspector'

export class PortBusyError extends Error {
  constructor(
    readonly port: number,
    readonly hostname: string,
    /** Who holds the port, as far as a probe could tell. */
    readonly holder: string
  ) {
    super(
      `Port ${port} on ${hostname} is already in use by ${holder}. ` +
        `Stop that, or start on another port with --port N (--port 0 picks any free port).`
    )
    this.name = 'PortBusyError'
  }
}

/** Wildcard listens collide with loopback ones, so that is where to look. */
function probeHostname(hostname: string): string {
  if (hostname === '0.0.0.0' || hostname === '') return '127.0.0.1'
  if (hostname === '::') return '::1'
  return hostname
}

/**
 * Asks whoever listens on the port what it is: another SSE Inspector answers its control
 * endpoint with an identity header; anything else is described by what it says, or doesn't.
 */
export function describePortHolder(hostname: string, port: number, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: probeHostname(hostname), port, path: CONTROL_PATH, timeout: timeoutMs, headers: { host: `localhost:${port}` } },
      (res) => {
        res.resume()
        const server = [res.headers.server ?? []].flat().join(', ')
        if (res.headers[IDENTITY_HEADER]) resolve('another SSE Inspector (its demo server answers there)')
        else resolve(`another HTTP server${server ? ` (it calls itself "${server}")` : ''}, which answered with HTTP ${res.statusCode}`)
        req.destroy()
      }
    )
    req.on('timeout', () => {
      resolve('a process that accepts connections but did not answer HTTP within a second')
      req.destroy()
    })
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') resolve('a process listening on another interface or address family')
      else if (err.code === 'HPE_INVALID_CONSTANT' || err.message.includes('Parse Error')) resolve('a process that does not speak HTTP')
      else resolve(`another process (probing it failed: ${err.message})`)
    })
  })
}
