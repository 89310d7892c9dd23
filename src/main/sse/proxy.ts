import { BlockList, isIP } from 'node:net'
import { getProxyForUrl } from 'proxy-from-env'

/** The proxy a request goes through, and where that choice came from (for messages). */
export interface ProxyChoice {
  url: URL
  source: 'setting' | 'environment'
}

/** An explicit proxy setting that means "connect directly", as curl's `--proxy ""` does. */
export const NO_PROXY_SETTINGS = new Set(['', 'direct', 'none'])

export class ProxySettingError extends Error {}

/**
 * Which proxy, if any, a request to `target` goes through.
 *
 * - `setting` (the `--proxy` flag or the Request drawer) wins when given: a proxy URL, or
 *   `direct` / `none` / an empty string for none. It applies to every host, loopback included.
 * - Otherwise the environment, as curl reads it (via proxy-from-env): `HTTPS_PROXY` for https:,
 *   `HTTP_PROXY` for http:, then `ALL_PROXY`, each in either case, skipped for hosts that
 *   `NO_PROXY` covers as curl reads it (see noProxyMatches), or lists as `name:port`. Loopback hosts never go through a
 *   proxy from the environment, as in Chromium: the demo server and local test servers stay
 *   reachable on a machine with a company proxy set.
 *
 * A proxy without a scheme is http://, as in curl. Throws ProxySettingError for a proxy URL
 * that cannot work (unparsable, or a scheme other than http: or https:).
 */
export function chooseProxy(target: URL, setting?: string): ProxyChoice | null {
  if (setting !== undefined) {
    const trimmed = setting.trim()
    if (NO_PROXY_SETTINGS.has(trimmed.toLowerCase())) return null
    return { url: parseProxyUrl(trimmed, 'The proxy setting'), source: 'setting' }
  }
  if (isLoopback(target.hostname) || noProxyMatches(target.hostname, process.env.no_proxy || process.env.NO_PROXY || '')) return null
  const fromEnv = getProxyForUrl(target.href)
  if (!fromEnv) return null
  return {
    url: parseProxyUrl(
      fromEnv,
      `The proxy from the environment (${target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY'} or ALL_PROXY)`
    ),
    source: 'environment'
  }
}

function parseProxyUrl(raw: string, what: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new ProxySettingError(`${what} "${raw}" is not a URL. Write it as http://host:port.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxySettingError(
      `${what} "${raw}" uses ${url.protocol.slice(0, -1)}, but the inspector only speaks to http: and https: proxies. Use an HTTP proxy, or connect directly.`
    )
  }
  return url
}

/**
 * NO_PROXY as curl reads it (lib/noproxy.c, Curl_check_noproxy), where proxy-from-env is
 * narrower: `*` for every host; a name matches itself and its subdomains, with or without a
 * leading dot (`example.com` covers `api.example.com`, not `nonexample.com`), trailing dots and
 * case ignored; an IPv4 or IPv6 address matches itself or, with `/bits`, its CIDR range.
 * proxy-from-env's `name:port` entries still work alongside (it is consulted after this).
 */
export function noProxyMatches(hostname: string, noProxy: string): boolean {
  const list = noProxy.trim()
  if (!list) return false
  if (list === '*') return true
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const family = isIP(host)
  const name = family ? host : host.replace(/\.$/, '')
  for (const raw of list.split(/[\s,]+/)) {
    if (!raw) continue
    if (family) {
      const [address = '', bits] = raw.replace(/^\[|\]$/g, '').split('/')
      const type = family === 4 ? 'ipv4' : 'ipv6'
      if (isIP(address) !== family) continue
      const range = new BlockList()
      if (bits === undefined) range.addAddress(address, type)
      else if (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)) range.addSubnet(address, Number(bits), type)
      else continue
      if (range.check(host, type)) return true
      continue
    }
    const token = raw.toLowerCase().replace(/\.$/, '').replace(/^\./, '')
    if (token && (name === token || name.endsWith(`.${token}`))) return true
  }
  return false
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1'
}

/** The proxy's address for messages, without any credentials in its URL. */
export function proxyLabel(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`
}
