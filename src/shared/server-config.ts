import { z } from 'zod'

/**
 * The embedded demo server's live configuration. Defaults reproduce the classic Node demo
 * exactly (`retry: 10000`, one `connecttime` event, then a timestamp `data:` event a second).
 */
export const PAYLOAD_KINDS = ['timestamp', 'counter', 'json', 'text', 'multiline'] as const
export type PayloadKind = (typeof PAYLOAD_KINDS)[number]

export const serverConfigSchema = z.object({
  /** Milliseconds between events, 1 ms and up. */
  intervalMs: z.number().int().min(1).max(3_600_000),
  /** Event type names. Empty: plain `data:` events (type `message`); one: fixed; several: rotated. */
  eventTypes: z.array(z.string().min(1).max(200).regex(/^[^\r\n]*$/, 'no line breaks')).max(50),
  payload: z.enum(PAYLOAD_KINDS),
  /** Size of the `text` payload, in bytes. */
  payloadBytes: z.number().int().min(0).max(10_000_000),
  /** Send an `id:` with every event, and keep a replay buffer for `Last-Event-ID`. */
  ids: z.boolean(),
  /** The `retry:` value sent when a client connects; null sends none. */
  retryMs: z.number().int().min(0).max(86_400_000).nullable(),
  /** Seconds between `:` heartbeat comments; 0 for none. */
  heartbeatSec: z.number().min(0).max(3600)
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

export const DEFAULT_SERVER_HOST = '127.0.0.1'
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
}

export interface ServerStatus {
  running: boolean
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
}
