import { isSecretHeader } from './secrets'

/** What a redacted value becomes: plainly not the value, and plainly deliberate. */
export const REDACTED = '[redacted]'

/**
 * Query parameters and JSON fields named like credentials (`access_token`, `api_key`, `sig`).
 * Narrower than the header rule: bodies are full of names like `author`.
 */
const SECRET_NAME =
  /(token|secret|api[-_]?key|apikey|password|passwd|passphrase|credential|signature|session[-_]?id|private[-_]?key|^sig$|^key$|^code$|^auth$|^authorization$)/i

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name.trim())
}

export function redactHeaderList(headers: ReadonlyArray<{ name: string; value: string }>): Array<{ name: string; value: string }> {
  return headers.map((h) => (isSecretHeader(h.name) ? { name: h.name, value: REDACTED } : { ...h }))
}

export function redactHeaderRecord(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, isSecretHeader(name) ? REDACTED : value]))
}

/**
 * Hides a URL's password and credential-like query values (`?access_token=…`). Text that is
 * not a URL comes back unchanged: it cannot be parsed, so nothing in it can be singled out.
 */
export function redactUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return text
  }
  let changed = false
  if (url.password) {
    url.password = REDACTED
    changed = true
  }
  const params = [...url.searchParams]
  if (params.some(([name]) => isSecretName(name))) {
    url.search = new URLSearchParams(params.map(([name, value]): [string, string] => [name, isSecretName(name) ? REDACTED : value])).toString()
    changed = true
  }
  // Untouched URLs keep their exact spelling; URL would normalise it.
  return changed ? url.href : text
}

/**
 * A JSON body with credential-named string fields (at any depth) has their values hidden;
 * other bodies pass. Only strings: `"max_tokens": 512` is a setting, not a secret.
 */
export function redactBody(body: string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return body
  }
  let changed = false
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (value === null || typeof value !== 'object') return value
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => {
        if (isSecretName(name) && typeof inner === 'string') {
          changed = true
          return [name, REDACTED]
        }
        return [name, walk(inner)]
      })
    )
  }
  let redacted: unknown
  try {
    redacted = walk(parsed)
  } catch {
    // Too deeply nested to walk: it cannot be shown to be free of secrets, so it goes.
    return `${REDACTED} (a JSON body too deeply nested to check for secrets)`
  }
  return changed ? JSON.stringify(redacted, null, 2) : body
}
