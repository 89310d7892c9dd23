/**
 * Headers whose values are credentials: masked in the UI, never logged, kept out of
 * plain-text settings. Matched by name, because values have no reliable shape.
 */
const EXACT = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie'])
const PARTS = /(token|secret|api[-_]?key|password|passwd|session|auth|credential|signature)/i

export function isSecretHeader(name: string): boolean {
  const lower = name.trim().toLowerCase()
  return EXACT.has(lower) || PARTS.test(lower)
}

export function maskSecret(value: string): string {
  if (value.length <= 8) return '•'.repeat(Math.max(value.length, 4))
  // Keep a scheme like "Bearer " and the last 4 characters, so users can tell tokens apart.
  const scheme = /^(\w+\s)/.exec(value)?.[1] ?? ''
  return `${scheme}${'•'.repeat(8)}${value.slice(-4)}`
}
