import { z } from 'zod'
import { MAX_LINE_BYTES, RECONNECT_POLICIES } from './choices'
import type { Frame } from './frames'
import { failureActionSchema, serverConfigSchema, type ServerStatus } from './server-config'
import type { InvokeChannel, PushChannel } from './channels'

/**
 * The one contract between the UI and the core. Electron's preload exposes exactly this through
 * `contextBridge`; browser mode implements it over HTTP. Requests are validated against these
 * schemas on the core side of either transport, because the renderer is not trusted.
 */

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** Why a request header name cannot be sent, or null when it can. Shared with the CLI's -H. */
export function headerNameProblem(name: string): string | null {
  if (HEADER_NAME.test(name)) return null
  const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name)
  if (name.includes(':')) {
    return `${shown} is not a valid header name: it looks like a whole "Name: value" line. Put what comes before the colon in the name and the rest in the value.`
  }
  return `${shown} is not a valid header name: use letters, digits and - (or one of !#$%&'*+.^_\`|~), with no spaces.`
}

/** A required string whose problem, if it has one, is told in `problem`'s own words. */
function explainedString(emptyMessage: string, max: number, problem: (value: string) => string | null) {
  return z
    .string()
    .min(1, emptyMessage)
    .max(max)
    .check((ctx) => {
      if (ctx.value === '') return
      const message = problem(ctx.value)
      if (message) ctx.issues.push({ code: 'custom', message, input: ctx.value })
    })
}

const headerName = explainedString('A header needs a name.', 256, headerNameProblem)
const headerValue = z
  .string()
  .max(16_384)
  .check((ctx) => {
    if (/[\r\n]/.test(ctx.value)) {
      ctx.issues.push({ code: 'custom', message: 'header values cannot contain line breaks', input: ctx.value })
      return
    }
    // What Node (and fetch) can put on the wire: tab, printable ASCII, and Latin-1.
    const bad = /[^\t\x20-\x7e\x80-\xff]/u.exec(ctx.value)?.[0]
    if (bad !== undefined) {
      const point = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
      ctx.issues.push({
        code: 'custom',
        message: `header values cannot hold ${point}: only tabs, printable ASCII and Latin-1 characters can be sent in an HTTP header`,
        input: ctx.value
      })
    }
  })

/**
 * Why a URL cannot be an event stream's, or null when it can. Shared so that the call contract
 * refuses what the client would refuse, with the same words.
 */
export function streamUrlProblem(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    const shown = raw.length > 100 ? `${raw.slice(0, 100)}…` : raw
    return `"${shown}" is not a valid URL. Try something like http://127.0.0.1:8844/stream.`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${url.protocol} URLs are not supported: event streams are served over http: or https:. Use a URL that starts with http:// or https://.`
  }
  return null
}

const streamUrl = explainedString('Enter the URL of the event stream.', 8192, streamUrlProblem)

// Defined zod-free for the renderer; re-exported so the core's imports stay where they were.
export { MAX_LINE_BYTES, RECONNECT_POLICIES, defaultReconnectPolicy, type ReconnectPolicy } from './choices'

export const connectRequestSchema = z.object({
  url: z.string().min(1).max(8192),
  method: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z]+$/, 'not an HTTP method')
    .transform((m) => m.toUpperCase())
    .default('GET'),
  headers: z
    .array(z.object({ name: headerName, value: headerValue }))
    .max(100)
    .default([]),
  body: z.string().max(10_000_000).optional(),
  /** Left out: `defaultReconnectPolicy(method)`, so a POST is not sent again when its stream ends. */
  reconnect: z.enum(RECONNECT_POLICIES).optional(),
  /** Lines longer than this many bytes are discarded with a diagnostic (default MAX_LINE_BYTES.default). */
  maxLineBytes: z.number().int().min(MAX_LINE_BYTES.min).max(MAX_LINE_BYTES.max).optional(),
  /**
   * The proxy to go through: a URL (http://host:port, credentials allowed), or `direct` for
   * none. Absent: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the inspector's environment.
   */
  proxy: z.string().trim().max(2048).optional(),
  /** Accept a TLS certificate that does not verify (like curl -k). The connection is marked. */
  insecure: z.boolean().optional(),
  /**
   * Follow a redirect from https to http, and resend the body on a 307/308 to another origin.
   * Off by default (such a redirect is refused, or its body withheld, with a message saying so).
   */
  allowInsecureRedirects: z.boolean().optional()
})

export type ConnectRequest = z.input<typeof connectRequestSchema>
export type ValidConnectRequest = z.output<typeof connectRequestSchema>

export const savedEndpointSchema = z.object({
  name: z.string().trim().min(1).max(200),
  request: connectRequestSchema
})
export type SavedEndpointInput = z.input<typeof savedEndpointSchema>

/** A saved endpoint as the UI gets it back. */
export interface SavedEndpoint {
  name: string
  request: ValidConnectRequest
  /** Secret parts that could not be stored (no OS keychain): header names, then URL, proxy and body parts (see withoutSecrets). The UI asks for them again. */
  omittedSecrets: string[]
}

export interface SavedEndpoints {
  endpoints: SavedEndpoint[]
  /** Where secret header values go: the OS keychain, or nowhere when there is none. */
  secretStorage: 'os-keychain' | 'not-saved'
}

const connectionRef = z.object({ connectionId: z.string().min(1).max(64) })
const serverStartRequest = z.object({ port: z.number().int().min(0).max(65535).optional() })

export interface ConnectionSummary {
  connectionId: string
  url: string
  method: string
  state: 'connecting' | 'open' | 'reconnecting' | 'closed'
  /** With state `closed`: the stream ended normally after an LLM answer completed (show "Completed", not a failure). */
  completed?: true
}

export interface AppInfo {
  version: string
  /** Which transport carries the contract. */
  transport: 'electron' | 'web'
  /** The embedded server's stream URL, the natural first thing to inspect. */
  defaultUrl: string
}

/** Calls the UI can make: the request schema and the result type of each. */
export const invokeSchemas = {
  'app:info': z.void(),
  // Saved endpoints stay lenient (an old file must still load); opening one is where a URL that cannot work is refused.
  'connection:open': connectRequestSchema.extend({ url: streamUrl }),
  'connection:close': connectionRef,
  'connection:list': z.void(),
  'event:data': z.object({ key: z.string().min(1).max(100) }),
  'server:status': z.void(),
  'server:start': serverStartRequest,
  'server:stop': z.void(),
  'server:configure': serverConfigSchema.partial(),
  'server:inject': failureActionSchema,
  'endpoints:list': z.void(),
  'endpoints:save': savedEndpointSchema,
  'endpoints:remove': z.object({ name: z.string().min(1).max(200) })
} satisfies Record<InvokeChannel, z.ZodType>

export interface InvokeResults {
  'app:info': AppInfo
  'connection:open': ConnectionSummary
  'connection:close': ConnectionSummary | null
  'connection:list': ConnectionSummary[]
  /** The whole data of an event the UI got cut (dataTruncated); null once no longer kept. */
  'event:data': { data: string } | null
  'server:status': ServerStatus
  'server:start': ServerStatus
  'server:stop': ServerStatus
  'server:configure': ServerStatus
  'server:inject': ServerStatus
  'endpoints:list': SavedEndpoints
  'endpoints:save': SavedEndpoints
  'endpoints:remove': SavedEndpoints
}

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]>
export type ValidInvokeRequest<C extends InvokeChannel> = z.output<(typeof invokeSchemas)[C]>
export type InvokeResult<C extends InvokeChannel> = InvokeResults[C]

/** What the core pushes to the UI. Frames always travel in batches, never one message each. */
export interface PushPayloads {
  frames: Frame[]
  'server:status': ServerStatus
  'connection:state': ConnectionSummary
  /** Updates this UI never received (it fell behind and was cut off): said, never silent. */
  'push:gap': { missedUpdates: number; missedFrames: number }
}
export type PushPayload<C extends PushChannel> = PushPayloads[C]

/** The API object the renderer sees, whichever transport is underneath. */
export interface InspectorApi {
  invoke: <C extends InvokeChannel>(channel: C, request: InvokeRequest<C>) => Promise<InvokeResult<C>>
  /** Subscribes to a push channel; returns the function that unsubscribes. */
  on: <C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void) => () => void
}

/** A failed call, as both transports report it to the UI. */
export interface CallError {
  message: string
}

/** How a call's outcome crosses either transport: errors as data, so messages survive intact. */
export type CallOutcome<T> = { ok: true; result: T } | { ok: false; error: CallError }
