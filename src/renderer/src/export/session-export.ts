import type { ConnectRequest } from '../../../shared/contract'
import type { Frame } from '../../../shared/frames'
import {
  hidesField,
  isFormBody,
  isSecretName,
  REDACTED,
  redactBody,
  redactHeaderList,
  redactHeaderRecord,
  redactUrl,
  redactUrlsIn
} from '../../../shared/redact'
import { isSecretHeader } from '../../../shared/secrets'

export const SESSION_FORMAT = 'sse-inspector-session'
export const SESSION_FORMAT_VERSION = 1

export interface ExportedConnection {
  connectionId: string
  request: ConnectRequest
  /** Why the request is incomplete, when it is. */
  note?: string
}

export interface SessionExportInput {
  frames: readonly Frame[]
  connections: readonly ExportedConnection[]
  includeSecrets: boolean
  /** What the frames are: every frame held, or only those the filter shows. */
  scope: 'all' | 'shown'
  /** Frames already pushed out of the buffer, so readers know the export starts late. */
  droppedBefore: number
  appVersion: string
  exportedAt: number
}

/** The document a user saves and shares. Frames keep the public frame schema. */
export interface SessionExport {
  format: typeof SESSION_FORMAT
  formatVersion: typeof SESSION_FORMAT_VERSION
  app: { name: 'SSE Inspector'; version: string }
  exportedAt: string
  scope: 'all' | 'shown'
  droppedBefore: number
  secrets: 'redacted' | 'included'
  connections: ExportedConnection[]
  frames: Frame[]
}

/**
 * Credentials the user typed, as literal strings: a server may echo them back in its
 * events or error text, so they are scrubbed wherever they appear, not only where typed.
 */
export function secretValues(request: ConnectRequest): string[] {
  const found = new Set<string>()
  const add = (value: string): void => {
    // Very short values would scrub ordinary text ("1", "yes"); they are still hidden where typed.
    if (value.length >= 6) found.add(value)
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
    if (afterScheme) add(afterScheme)
    // Cookie: a=1; b=2 — each value on its own, since servers echo them one by one.
    if (/^cookie$/i.test(header.name.trim()))
      for (const pair of header.value.split(';')) addEncoded(pair.slice(pair.indexOf('=') + 1).trim())
  }
  try {
    const url = new URL(request.url)
    if (url.username) addEncoded(url.username)
    if (url.password) addEncoded(url.password)
    for (const [rawName, rawValue = ''] of url.search
      .slice(1)
      .split('&')
      .map((pair) => pair.split('=', 2))) {
      if (isSecretName(safeDecode(rawName!) ?? rawName!)) addEncoded(rawValue)
    }
  } catch {
    // Not a URL: nothing to pick out of it.
  }
  // A proxy URL's user name and password (http://user:pass@proxy:3128).
  try {
    const proxy = request.proxy ? new URL(request.proxy.includes('://') ? request.proxy : `http://${request.proxy}`) : null
    if (proxy?.username) addEncoded(proxy.username)
    if (proxy?.password) addEncoded(proxy.password)
  } catch {
    // Not a URL: nothing to pick out of it.
  }
  if (request.body) collectBodySecrets(request.body, add, addEncoded)
  return [...found].sort((a, b) => b.length - a.length)
}

/** Form-style decoding (+ is a space); null when the text has a broken escape. */
function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
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

function scrubber(secrets: readonly string[]): (text: string) => string {
  if (secrets.length === 0) return (text) => text
  return (text) => {
    let out = text
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    return out
  }
}

function redactRequest(request: ConnectRequest, scrub: (text: string) => string): ConnectRequest {
  return {
    ...request,
    url: scrub(redactUrl(request.url)),
    headers: redactHeaderList(request.headers ?? []),
    ...(request.proxy !== undefined ? { proxy: scrub(redactUrl(request.proxy)) } : {}),
    ...(request.body !== undefined ? { body: scrub(redactBody(request.body)) } : {})
  }
}

function redactFrame(frame: Frame, scrub: (text: string) => string): Frame {
  switch (frame.kind) {
    case 'connecting':
      return {
        ...frame,
        url: scrub(redactUrl(frame.url)),
        ...(frame.lastEventId !== undefined ? { lastEventId: scrub(frame.lastEventId) } : {}),
        // Credential values come masked already, but a masked value still shows its last characters.
        ...(frame.headers !== undefined
          ? { headers: Object.fromEntries(Object.entries(redactHeaderRecord(frame.headers)).map(([name, value]) => [name, scrub(value)])) }
          : {})
      }
    case 'open':
      return {
        ...frame,
        url: scrub(redactUrl(frame.url)),
        headers: Object.fromEntries(
          Object.entries(redactHeaderRecord(frame.headers)).map(([name, value]) => [name, redactUrlsIn(scrub(value))])
        )
      }
    case 'event':
      return {
        ...frame,
        data: scrub(frame.data),
        lastEventId: scrub(frame.lastEventId),
        ...(frame.id !== undefined ? { id: scrub(frame.id) } : {}),
        ...(frame.raw !== undefined ? { raw: scrub(frame.raw) } : {})
      }
    case 'comment':
      return { ...frame, text: scrub(frame.text) }
    case 'diagnostic':
    case 'error':
      // Messages quote URLs (a redirect's Location) that may carry credentials nobody typed.
      return { ...frame, message: redactUrlsIn(scrub(frame.message)) }
    case 'reconnect':
      return { ...frame, lastEventId: scrub(frame.lastEventId) }
    case 'close':
      return { ...frame, reason: redactUrlsIn(scrub(frame.reason)) }
    default:
      return frame
  }
}

export function buildSessionExport(input: SessionExportInput): SessionExport {
  const secrets = input.includeSecrets ? [] : input.connections.flatMap((c) => secretValues(c.request))
  const scrub = scrubber(secrets)
  return {
    format: SESSION_FORMAT,
    formatVersion: SESSION_FORMAT_VERSION,
    app: { name: 'SSE Inspector', version: input.appVersion },
    exportedAt: new Date(input.exportedAt).toISOString(),
    scope: input.scope,
    droppedBefore: input.droppedBefore,
    secrets: input.includeSecrets ? 'included' : 'redacted',
    connections: input.connections.map((c) => (input.includeSecrets ? c : { ...c, request: redactRequest(c.request, scrub) })),
    frames: input.includeSecrets ? [...input.frames] : input.frames.map((f) => redactFrame(f, scrub))
  }
}

/** `sse-session-2026-11-25-140307.json` in local time: sorts by time, safe on every file system. */
export function sessionFileName(exportedAt: number): string {
  const d = new Date(exportedAt)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `sse-session-${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}.json`
}
