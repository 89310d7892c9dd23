import { z } from 'zod'
import { DEFAULT_TOKENS_PER_SECOND, PAYLOAD_KINDS } from './choices'

// Defined zod-free for the renderer; re-exported so the core's imports stay where they were.
export { DEFAULT_TOKENS_PER_SECOND, LLM_PAYLOAD_KINDS, PAYLOAD_KINDS, isLlmPayload, type LlmPayloadKind, type PayloadKind } from './choices'

/**
 * The embedded demo server's live configuration. Defaults reproduce the classic Node demo
 * exactly (`retry: 10000`, one `connecttime` event, then a timestamp `data:` event a second).
 */
export const serverConfigSchema = z.object({
  /** Milliseconds between events, 1 ms and up. */
  intervalMs: z.number().int().min(1).max(3_600_000),
  /** Event type names. Empty: plain `data:` events (type `message`); one: fixed; several: rotated. */
  eventTypes: z
    .array(
      z
        .string()
        .min(1)
        .max(200)
        .regex(/^[^\r\n]*$/, 'no line breaks')
    )
    .max(50),
  payload: z.enum(PAYLOAD_KINDS),
  /** Size of the `text` payload, in bytes. */
  payloadBytes: z.number().int().min(0).max(10_000_000),
  /** Send an `id:` with every event, and keep a replay buffer for `Last-Event-ID`. */
  ids: z.boolean(),
  /** The `retry:` value sent when a client connects; null sends none. */
  retryMs: z.number().int().min(0).max(86_400_000).nullable(),
  /** Seconds between `:` heartbeat comments; 0 for none. */
  heartbeatSec: z.number().min(0).max(3600),
  /** LLM payloads only: answer tokens per second (default DEFAULT_TOKENS_PER_SECOND). */
  tokensPerSecond: z.number().min(0.1).max(10_000).optional()
})
export type ServerConfig = z.infer<typeof serverConfigSchema>

export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  intervalMs: 1000,
  eventTypes: [],
  payload: 'timestamp',
  payloadBytes: 64,
  ids: false,
  retryMs: 10_000,
  heartbeatSec: 0
}

export const DEFAULT_SERVER_HOSTNAME = '127.0.0.1'
export const DEFAULT_SERVER_PORT = 8844
export const STREAM_PATH = '/stream'

export interface ServerClientInfo {
  id: number
  remoteAddress: string
  userAgent: string
  /** The Last-Event-ID header the client came with, if any. */
  lastEventId: string | null
  eventsSent: number
  connectedAt: number
  /** The query string it connected with (its own scenario), or '' on the shared stream. */
  query?: string
}

export interface ServerStatus {
  running: boolean
  /** The hostname or address it listens on. (Named `host` on the wire: GET /_control returns it.) */
  host: string
  port: number | null
  /** The stream URL, when running. */
  url: string | null
  config: ServerConfig
  clients: ServerClientInfo[]
  eventsPerSecond: number
  bytesPerSecond: number
  /** Why the server is not running, when it failed to start (e.g. the port is busy). */
  error: string | null
  /** Injected faults still armed. */
  failures?: ServerFailureState
}

export const CONTROL_PATH = '/_control'

/**
 * Faults the demo server can inject, to show how a client copes. Connection-level faults
 * (`status`, `content-type`, `delay-headers`) queue up and each applies to the next `count`
 * stream requests, in the order injected. `clientId` narrows a write or drop to one client.
 */
const clientTarget = { clientId: z.number().int().min(1).optional() }
const nextConnections = z.number().int().min(1).max(1000).default(1)

export const failureActionSchema = z.discriminatedUnion('type', [
  /** Cut connections now: a reset by default, or a clean end of the response with `graceful`. */
  z.object({ type: z.literal('drop'), graceful: z.boolean().default(false), ...clientTarget }),
  /** End every stream, current and new, once it has been sent `events` more events; null disarms. */
  z.object({ type: z.literal('close-after'), events: z.number().int().min(1).max(1_000_000_000).nullable() }),
  /** Answer the next `count` stream requests with this status (and a short body unless 204). */
  z.object({
    type: z.literal('status'),
    status: z.union([z.literal(204), z.number().int().min(400).max(599)]),
    count: nextConnections
  }),
  /** Serve the next `count` streams normally but with a Content-Type a client must reject. */
  z.object({
    type: z.literal('content-type'),
    contentType: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^\r\n]*$/, 'no line breaks')
      .default('text/plain'),
    count: nextConnections
  }),
  /** Hold the next `count` stream requests this long before sending any headers. */
  z.object({ type: z.literal('delay-headers'), ms: z.number().int().min(1).max(600_000), count: nextConnections }),
  /** Stop producing events and heartbeats on every stream, keeping the sockets open. */
  z.object({ type: z.literal('stall') }),
  z.object({ type: z.literal('unstall') }),
  /** Write a line no SSE field parser accepts. */
  z.object({ type: z.literal('malformed'), line: z.string().max(65_536).optional(), ...clientTarget }),
  /** Write a `data:` line holding bytes that are not valid UTF-8. */
  z.object({ type: z.literal('invalid-utf8'), ...clientTarget }),
  /** Write one event whose data is `bytes` long. */
  z.object({
    type: z.literal('oversized'),
    bytes: z
      .number()
      .int()
      .min(1)
      .max(64 * 1024 * 1024),
    ...clientTarget
  }),
  /** Undo everything still armed: queued connection faults, close-after and a stall. */
  z.object({ type: z.literal('clear') })
])
/** What callers write; defaults (count 1, graceful false, text/plain) are filled in by the schema. */
export type FailureAction = z.input<typeof failureActionSchema>

/** Body of `POST /_control`. */
export const controlRequestSchema = z
  .object({ config: serverConfigSchema.partial().optional(), inject: failureActionSchema.optional() })
  .strict()
export type ControlRequest = z.input<typeof controlRequestSchema>

/** Faults still armed, as reported in ServerStatus. */
export interface ServerFailureState {
  stalled: boolean
  closeAfter: number | null
  /** Connection faults waiting for the next stream requests, in the order they will apply. */
  pending: Array<{ type: 'status' | 'content-type' | 'delay-headers'; detail: string; remaining: number }>
}

/**
 * Query parameters `/stream` understands, so one server can serve several scenarios at once.
 * Any of the first seven gives that connection its own schedule instead of the shared one.
 */
/**
 * What a `/stream` query string may ask for. Any web page can open an EventSource to the demo
 * server (issue #13 finding 7), so a query-string scenario is capped; the app's own server
 * settings are not. Rates are payload bytes per second: `bytes` × 1000 / `interval`.
 */
export const QUERY_CAPS = {
  /** Largest `bytes` a query may ask for, per event. */
  payloadBytes: 1024 * 1024,
  /** Largest payload rate of one connection's query scenario, bytes/s. */
  bytesPerSecond: 1024 * 1024,
  /** Largest payload rate of all open query scenarios together, bytes/s. */
  totalBytesPerSecond: 8 * 1024 * 1024
} as const

export const STREAM_QUERY_PARAMS = {
  interval: 'milliseconds between events (>= 1); bytes × events/s is capped at 1 MiB/s per connection, 8 MiB/s in total',
  event: 'event type names, comma separated; empty for plain data events',
  payload: PAYLOAD_KINDS.join(' | '),
  bytes: 'size of the text payload in bytes (at most 1 MiB; see interval for the rate caps)',
  ids: '1/0 or true/false: send ids',
  retry: 'retry value in ms sent on connect, or "none"',
  heartbeat: 'seconds between heartbeat comments; 0 for none',
  limit: 'end the stream after this many events',
  tps: `LLM payloads (openai, anthropic): answer tokens per second (default ${DEFAULT_TOKENS_PER_SECOND})`,
  lastEventId: 'resume after this id, for clients that cannot send the Last-Event-ID header'
} as const
