import type { ConnectRequest } from './contract'
import { fragmentParams, hidesField, isFormBody, isSecretName, REDACTED, textFieldSecrets } from './redact'
import { isSecretHeader } from './secrets'

/** Shorter values would scrub ordinary text ("1", "yes"); they are still hidden where typed. */
const MIN_SECRET_LENGTH = 6
/**
 * A quoted preview may cut a secret short (`"sk-live-abcd…`): any run of at least this many of its
 * first characters is scrubbed too, since that much of a key is most of it.
 */
const MIN_PREFIX_LENGTH = 12

/**
 * Credentials the user typed, as literal strings, in every spelling an echo may carry them: as
 * typed, percent-decoded and -encoded, JSON-escaped, and base64 (standard and URL-safe; Basic
 * auth's `user:password` too). A server may echo them back in its events, headers, event types
 * or error text, so they are scrubbed wherever they appear, not only where typed. Longest first.
 */
export function secretValues(request: ConnectRequest): string[] {
  const typed = new Set<string>()
  const add = (value: string): void => {
    if (value.length >= MIN_SECRET_LENGTH) typed.add(value)
  }
  /** A value as typed and as decoded: an echo may carry either spelling. */
  const addEncoded = (raw: string): void => {
    add(raw)
    const decoded = safeDecode(raw)
    if (decoded !== null) add(decoded)
  }
  for (const header of request.headers ?? []) {
    if (!isSecretHeader(header.name)) continue
    add(header.value)
    const afterScheme = /^\w+\s+(.+)$/.exec(header.value)?.[1]
    if (afterScheme) {
      add(afterScheme)
      // Basic credentials: what the base64 stands for, and its parts.
      if (/^basic\s/i.test(header.value)) {
        const plain = fromBase64(afterScheme)
        if (plain?.includes(':')) {
          add(plain)
          add(plain.slice(plain.indexOf(':') + 1))
        }
      }
    }
    // Cookie: a=1; b=2 — each value on its own, since servers echo them one by one.
    if (/^cookie$/i.test(header.name.trim()))
      for (const pair of header.value.split(';')) addEncoded(pair.slice(pair.indexOf('=') + 1).trim())
  }
  for (const raw of [request.url, request.proxy]) {
    if (!raw) continue
    try {
      const url = new URL(raw.includes('://') ? raw : `http://${raw}`)
      if (url.username) addEncoded(url.username)
      if (url.password) addEncoded(url.password)
      for (const [rawName, rawValue = ''] of url.search
        .slice(1)
        .split('&')
        .map((pair) => pair.split('=', 2))) {
        if (isSecretName(safeDecode(rawName!) ?? rawName!)) addEncoded(rawValue)
      }
      for (const [name, value] of fragmentParams(url)) if (isSecretName(name)) add(value)
    } catch {
      // Not a URL: nothing to pick out of it.
    }
  }
  if (request.body) collectBodySecrets(request.body, add, addEncoded)
  const all = new Set<string>()
  for (const value of typed) for (const variant of encodedVariants(value)) if (variant.length >= MIN_SECRET_LENGTH) all.add(variant)
  return [...all].sort((a, b) => b.length - a.length)
}

/** The spellings one value takes on its way through URLs, JSON and base64. */
export function encodedVariants(value: string): string[] {
  const base64 = toBase64(value)
  return [
    value,
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
    base64,
    base64.replace(/=+$/, ''),
    base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  ]
}

/**
 * A function that replaces every secret (and any cut-off start of one at least
 * MIN_PREFIX_LENGTH long) in a text with REDACTED. `secrets` comes from secretValues.
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  if (secrets.length === 0) return (text) => text
  const prefixes = [...new Set(secrets.filter((s) => s.length > MIN_PREFIX_LENGTH).map((s) => s.slice(0, MIN_PREFIX_LENGTH)))]
  return (text) => {
    let out = text
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    for (const prefix of prefixes) {
      let at = out.indexOf(prefix)
      while (at !== -1) {
        // Extend the match as far as some secret goes on agreeing with the text.
        let end = at + prefix.length
        for (const secret of secrets) {
          if (!secret.startsWith(prefix)) continue
          let i = prefix.length
          while (i < secret.length && out[at + i] === secret[i]) i++
          end = Math.max(end, at + i)
        }
        out = `${out.slice(0, at)}${REDACTED}${out.slice(end)}`
        at = out.indexOf(prefix, at + REDACTED.length)
      }
    }
    return out
  }
}

/** Form-style decoding (+ is a space); null when the text has a broken escape. */
function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return null
  }
}

// btoa/atob and TextEncoder/TextDecoder: this runs in the renderer as well as in Node.
function toBase64(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Text a base64 value stands for, when it is valid UTF-8 base64; null otherwise. */
function fromBase64(text: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)))
  } catch {
    return null
  }
}

function collectBodySecrets(body: string, add: (value: string) => void, addEncoded: (raw: string) => void): void {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    if (isFormBody(body)) {
      for (const [rawName, rawValue = ''] of body.split('&').map((pair) => pair.split('=', 2))) {
        if (isSecretName(safeDecode(rawName!) ?? rawName!)) addEncoded(rawValue)
      }
    } else {
      // Text that is neither: `name: value` or `name=value` after a credential name.
      for (const value of textFieldSecrets(body)) add(value)
    }
    return
  }
  const stack: unknown[] = [parsed]
  while (stack.length) {
    const value = stack.pop()
    if (value === null || typeof value !== 'object') continue
    for (const [name, inner] of Object.entries(value)) {
      if (hidesField(name, inner)) addScalars(inner, add)
      else stack.push(inner)
    }
  }
}

/** Every string and number inside a value hidden as a whole. */
function addScalars(value: unknown, add: (value: string) => void): void {
  const stack: unknown[] = [value]
  while (stack.length) {
    const item = stack.pop()
    if (typeof item === 'string') add(item)
    else if (typeof item === 'number') add(String(item))
    else if (item !== null && typeof item === 'object') stack.push(...(Object.values(item) as unknown[]))
  }
}
