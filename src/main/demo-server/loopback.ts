import { isIP } from 'node:net'

/** Whether a socket's remote address is this machine (IPv4 127/8, ::1, or v4-mapped 127/8). */
export function isLoopbackAddress(address: string | undefined | null): boolean {
  if (!address) return false
  const a = address.toLowerCase().replace(/^\[|\]$/g, '')
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a
  return isIP(v4) === 4 && v4.startsWith('127.')
}

/** Whether a host name or address to listen on (or found in a Host header) stays on this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h.endsWith('.localhost') || isLoopbackAddress(h)
}

/** The hostname part of a Host header value, IPv6 brackets kept out. */
export function hostHeaderName(hostHeader: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(hostHeader) ?? /^([^:]+)(?::\d+)?$/.exec(hostHeader)
  return m?.[1] ?? hostHeader
}
