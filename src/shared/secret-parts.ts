import type { ConnectRequest } from './contract'
import { fragmentParams, isSecretName, redactBody, redactUrl } from './redact'
import { isSecretHeader } from './secrets'

/** What `withoutSecrets` leaves of a request, and which parts it emptied. */
export interface StrippedRequest<R extends ConnectRequest> {
  request: R
  /** The emptied parts, for the user to type again: header names, `URL password`, `query access_token`, `body field api_key`. */
  omitted: string[]
}

/**
 * A request with every part the secret rule flags emptied, for saving where nothing secret may be
 * written: credential header values become '', the URL's (and proxy URL's) user name and password
 * go, secret query and fragment values and secret body fields become ''. Everything else is kept
 * as typed (a URL or body without secrets keeps its exact spelling).
 */
export function withoutSecrets<R extends ConnectRequest>(request: R): StrippedRequest<R> {
  const omitted: string[] = []
  const headers = (request.headers ?? []).map(({ name, value }) => {
    if (!isSecretHeader(name)) return { name, value }
    if (value !== '') omitted.push(name)
    return { name, value: '' }
  })
  omitted.push(...urlSecretParts(request.url, 'URL'))
  const url = redactUrl(request.url, '')
  let proxy = request.proxy
  if (proxy) {
    const parts = urlSecretParts(proxy, 'proxy URL')
    if (parts.length > 0) {
      omitted.push(...parts)
      proxy = redactUrl(proxy, '')
    }
  }
  let body = request.body
  if (body !== undefined) {
    const stripped = redactBody(body, '')
    if (stripped !== body) {
      omitted.push('secret body fields')
      body = stripped
    }
  }
  return {
    request: { ...request, url, headers, ...(proxy !== undefined ? { proxy } : {}), ...(body !== undefined ? { body } : {}) },
    omitted
  }
}

function urlSecretParts(text: string, label: string): string[] {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return []
  }
  const parts: string[] = []
  if (url.username || url.password) parts.push(`the ${label}'s user name and password`)
  for (const [name] of url.searchParams) if (isSecretName(name)) parts.push(`the ${label}'s ${name} parameter`)
  for (const [name] of fragmentParams(url)) if (isSecretName(name)) parts.push(`the ${label}'s #${name}`)
  return parts
}
