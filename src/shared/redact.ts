import { isSecretHeader } from './secrets'

/** What a redacted value becomes: plainly not the value, and plainly deliberate. */
export const REDACTED = '[redacted]'

/**
 * Query and fragment parameters and body fields named like credentials (`access_token`,
 * `api_key`, `sig`, `jwt`, `subscription-key`). Narrower than the header rule: bodies are full of
 * names like `author`. A `key` counts as a whole word of the name (`x_functions_key`, not `keyboard`).
 */
const SECRET_NAME =
  /(token|secret|api[-_]?key|apikey|password|passwd|passphrase|credential|signature|session[-_]?id|private[-_]?key|subscription[-_]?key|(^|[-_.])(key|jwt)($|[-_.])|^sig$|^code$|^auth$|^authorization$)/i

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
 * Whether a body field's value is to be hidden: strings, numbers and whole objects under a
 * credential name. Booleans say nothing, and `max_tokens`-style counts are settings.
 */
export function hidesField(name: string, value: unknown): boolean {
  if (!isSecretName(name) || value === null || typeof value === 'boolean') return false
  if (typeof value === 'number') return !/tokens$/i.test(name)
  return true
}

/**
 * Hides a URL's user name and password and credential-like query values (`?access_token=…`).
 * Text that is not a URL comes back unchanged: nothing in it can be singled out.
 */
export function redactUrl(text: string, replacement: string = REDACTED): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return text
  }
  let changed = false
  // A token often rides as the user name alone (https://TOKEN@host).
  if (url.username) {
    url.username = replacement
    changed = true
  }
  if (url.password) {
    url.password = replacement
    changed = true
  }
  const params = [...url.searchParams]
  if (params.some(([name]) => isSecretName(name))) {
    url.search = new URLSearchParams(
      params.map(([name, value]): [string, string] => [name, isSecretName(name) ? replacement : value])
    ).toString()
    changed = true
  }
  // OAuth's implicit flow puts the token in the fragment (`#access_token=…`, RFC 6749 §4.2.2).
  const fragment = fragmentParams(url)
  if (fragment.some(([name]) => isSecretName(name))) {
    url.hash = new URLSearchParams(
      fragment.map(([name, value]): [string, string] => [name, isSecretName(name) ? replacement : value])
    ).toString()
    changed = true
  }
  // Untouched URLs keep their exact spelling; URL would normalise it.
  return changed ? url.href : text
}

/** A fragment's `name=value&…` pairs, or none when it is not shaped like that. */
export function fragmentParams(url: URL): Array<[string, string]> {
  const hash = url.hash.slice(1)
  return hash.includes('=') ? [...new URLSearchParams(hash)] : []
}

/** Every http(s) URL inside free text (an error message, a Location quoted back), redacted. */
export function redactUrlsIn(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s"'<>]+/gi, (url) => redactUrl(url))
}

/** `a=1&b=2`: what an HTML form or an OAuth token request sends. */
export function isFormBody(body: string): boolean {
  return /^[^\s=&]+=[^\s&]*(?:&[^\s=&]+=[^\s&]*)*$/.test(body)
}

/**
 * A body with credential-named fields has their values hidden: JSON at any depth (a whole
 * object under such a name goes), or a form-encoded body. Other bodies pass.
 */
export function redactBody(body: string, replacement: string = REDACTED): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return isFormBody(body) ? redactFormBody(body, replacement) : redactTextBody(body, replacement)
  }
  let changed = false
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (value === null || typeof value !== 'object') return value
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => {
        if (hidesField(name, inner)) {
          changed = true
          return [name, replacement]
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
    return replacement === REDACTED ? `${REDACTED} (a JSON body too deeply nested to check for secrets)` : replacement
  }
  return changed ? JSON.stringify(redacted, null, 2) : body
}

function redactFormBody(body: string, replacement: string): string {
  const fields = [...new URLSearchParams(body)]
  if (!fields.some(([name]) => isSecretName(name))) return body
  return new URLSearchParams(fields.map(([name, value]): [string, string] => [name, isSecretName(name) ? replacement : value])).toString()
}

/**
 * `name: value`, `name=value` and `"name": "value"` inside text that is neither JSON nor a form
 * (YAML, a half-written JSON, a query string with spaces): the value after a credential name.
 */
const TEXT_FIELD = /(["']?)([A-Za-z0-9_.-]+)\1(\s*[:=]\s*)(["']?)([^\s"'&,;}\]]+)\4/g

/** Whether the rule hides a free-text field's value: as hidesField, a number being a count when it is all digits. */
function hidesTextField(name: string, value: string): boolean {
  return hidesField(name, /^\d+$/.test(value) ? Number(value) : value)
}

/** The values free text (neither JSON nor a form) holds after credential names, in order. */
export function textFieldSecrets(body: string): string[] {
  return [...body.matchAll(TEXT_FIELD)].flatMap((m) => (hidesTextField(m[2]!, m[5]!) ? [m[5]!] : []))
}

/** Values after credential names in free text become REDACTED; the rest is kept as written. */
export function redactTextBody(body: string, replacement: string = REDACTED): string {
  return body.replace(TEXT_FIELD, (whole, q1: string, name: string, sep: string, q2: string, value: string) =>
    hidesTextField(name, value) ? `${q1}${name}${q1}${sep}${q2}${replacement}${q2}` : whole
  )
}
