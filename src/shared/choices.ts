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
 * The reconnect policy when a request names none: `spec` (as EventSource) for GET, `off` for
 * every other method. Reconnecting re-sends the request, and for a POST to an LLM API that
 * runs (and bills) the whole generation again.
 */
export function defaultReconnectPolicy(method: string): ReconnectPolicy {
  return method.toUpperCase() === 'GET' ? 'spec' : 'off'
}

/**
 * The longest line a connection accepts, in bytes: the parser's default of 16 MiB, and the range
 * a user may choose from (the upper bound keeps a whole line decodable as one JavaScript string).
 */
export const MAX_LINE_BYTES = { default: 16 * 1024 * 1024, min: 1024, max: 256 * 1024 * 1024 } as const

/** What the demo server puts in each event's `data:` (src/main/demo-server/payloads.ts). */
export const PAYLOAD_KINDS = ['timestamp', 'counter', 'json', 'text', 'multiline', 'openai', 'anthropic'] as const
export type PayloadKind = (typeof PAYLOAD_KINDS)[number]

/** Payloads that stream one canned LLM answer per request (GET or POST), then end with the completion marker. */
export const LLM_PAYLOAD_KINDS = ['openai', 'anthropic'] as const
export type LlmPayloadKind = (typeof LLM_PAYLOAD_KINDS)[number]
export const isLlmPayload = (kind: PayloadKind): kind is LlmPayloadKind => (LLM_PAYLOAD_KINDS as readonly string[]).includes(kind)

/** Tokens per second of an LLM answer when the config and query name none. */
export const DEFAULT_TOKENS_PER_SECOND = 20
