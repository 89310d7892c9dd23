import { isIP } from 'node:net'
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
 *   `NO_PROXY` lists (`*`, a name, `.suffix`, `name:port`). Loopback hosts never go through a
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
  if (isLoopback(target.hostname)) return null
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
