/**
 * The fixed lists the UI offers as choices. They live apart from the schemas that use them
 * (contract.ts, server-config.ts) so the renderer can import them without bundling the
 * validation library: the renderer takes only types from those modules
 * (build-tools/renderer-bundle.test.ts checks).
 */

/**
 * How a connection reconnects: `spec` as `EventSource` does (WHATWG HTML, server-sent events,
 * "reestablish the connection": wait the reconnection time, send `Last-Event-ID`), `backoff`
 * (exponential with jitter) or `off`.
 */
export const RECONNECT_POLICIES = ['spec', 'backoff', 'off'] as const
export type ReconnectPolicy = (typeof RECONNECT_POLICIES)[number]

/**
 * The longest line a connection accepts, in bytes: the parser's default of 16 MiB, and the range
 * a user may choose from (the upper bound keeps a whole line decodable as one JavaScript string).
 */
export const MAX_LINE_BYTES = { default: 16 * 1024 * 1024, min: 1024, max: 256 * 1024 * 1024 } as const

/** What the demo server puts in each event's `data:` (src/main/demo-server/payloads.ts). */
export const PAYLOAD_KINDS = ['timestamp', 'counter', 'json', 'text', 'multiline'] as const
export type PayloadKind = (typeof PAYLOAD_KINDS)[number]
