/**
 * The one secret rule: which header names, URL parts and body fields carry credentials. Every
 * place that hides, seals, logs or forwards a request uses it (exports, saved endpoints, logs,
 * the `connecting` frame, and which headers a redirect to another origin drops); see redact.ts
 * for how URLs, bodies and echoed values are handled with it.
 */

/**
 * Header names that are credentials whatever their spelling. Matched by name, because values
 * have no reliable shape.
 */
const EXACT = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'jwt'])
/**
 * Name parts of credential headers: `X-API-Key`, `X-Auth-Token`, `Private-Token`,
 * `Ocp-Apim-Subscription-Key`, `X-Functions-Key`, `X-Access-Key`, `X-JWT-Assertion`.
 * A `key` or `jwt` counts as a whole word of the name only, so `Keep-Alive` does not.
 */
const PARTS = /(token|secret|api[-_]?key|password|passwd|session|auth|credential|signature|subscription|(^|[-_.])(key|jwt|sig)($|[-_.]))/i

/** Whether a header's value is a credential (RFC 9110 §11.6.2 `Authorization` and its kin). */
export function isSecretHeader(name: string): boolean {
  const lower = name.trim().toLowerCase()
  return EXACT.has(lower) || PARTS.test(lower)
}

/**
 * A credential value as the UI shows it: a scheme like "Bearer " and at most the last 4
 * characters (none for values under 16), so tokens can be told apart without giving most away.
 */
export function maskSecret(value: string): string {
  if (value.length < 16) return '•'.repeat(Math.max(Math.min(value.length, 8), 4))
  const scheme = /^(\w+\s)/.exec(value)?.[1] ?? ''
  return `${scheme}${'•'.repeat(8)}${value.slice(-4)}`
}
