import type { ConnectRequest } from '../../../shared/contract'
import type { Frame } from '../../../shared/frames'
import { redactBody, redactHeaderList, redactHeaderRecord, redactUrl, redactUrlsIn } from '../../../shared/redact'
import { secretScrubber, secretValues } from '../../../shared/secret-values'

// The rule lives in src/shared; re-exported for the callers and tests that found it here.
export { secretValues }

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
        // A server can echo a token as the event type too.
        type: scrub(frame.type),
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
  const scrub = secretScrubber(secrets)
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
