/**
 * The frame schema: what the inspector observed on a connection, in order.
 *
 * This is a public interface. The same objects travel over Electron IPC, over browser mode's
 * own event stream, out of `sse-inspector tail --json` (one per line) and into exported
 * sessions, so fields are only ever added, never renamed or retyped. It is published as JSON
 * Schema in docs/frame.schema.json, generated from ./frame-schema.ts, which must match these
 * interfaces (a type check says where not); add a field in both, then run `npm run schema`.
 */

/** Milliseconds since the Unix epoch, as `Date.now()` gives. */
export type EpochMs = number

export interface FrameBase {
  /** Which inspector connection saw this frame. Stable across that connection's reconnects. */
  connectionId: string
  /** When the frame was observed. */
  time: EpochMs
}

/** A request is about to be sent (first attempt or a reconnection). */
export interface ConnectingFrame extends FrameBase {
  kind: 'connecting'
  url: string
  method: string
  /** 0 for the first attempt, then 1, 2, ... for each reconnection. */
  attempt: number
  /** The Last-Event-ID header sent with this request, when one was. */
  lastEventId?: string
  /**
   * The request headers sent, names lower-cased (Host and Content-Length included), credential
   * values masked as the UI masks them. Absent in frames from versions before it was added.
   */
  headers?: Record<string, string>
}

/** The response was accepted as an event stream. */
export interface OpenFrame extends FrameBase {
  kind: 'open'
  status: number
  /** Response headers, names lower-cased. */
  headers: Record<string, string>
  /** The URL after redirects. */
  url: string
  /**
   * The content codings the inspector undid to read the body, in the order the server applied
   * them, normalised (`x-gzip` is `gzip`): e.g. `gzip` or `gzip, br`. Absent for none or an
   * unknown coding (which is read as it came; a diagnostic says so).
   */
  contentEncoding?: string
  /** The proxy the request went through (scheme, host and port; never its credentials). */
  proxy?: string
  /** Set when certificate checks were off for this https response (tail -k, the Request drawer's toggle). */
  insecure?: true
}

/** A dispatched event, exactly as `EventSource` would deliver it. */
export interface EventFrame extends FrameBase {
  kind: 'event'
  /** The event type: the `event:` field, or `message` when there was none. */
  type: string
  data: string
  /** The last event ID after this event (what `MessageEvent.lastEventId` reports). */
  lastEventId: string
  /** The `id:` field of this very event, when it had one that was not ignored. */
  id?: string
  /**
   * The lines that produced this event, as they came over the wire (decoded, line ends kept).
   * The blank line that dispatched it contributes only its first character (CR or LF): the
   * event goes out the moment that arrives, so raw is the same however the stream is chunked.
   * The inspector's UI leaves it out when it is longer than MAX_UI_RAW_CHARS (see rawOmitted).
   */
  raw?: string
  /**
   * True when `raw` was left out because it was longer than MAX_UI_RAW_CHARS: for a huge event
   * it would double what every transport carries and every view holds, for text that is
   * almost all in `data` already.
   */
  rawOmitted?: true
  /**
   * Set when `data` holds only the first MAX_UI_DATA_CHARS of an event too large to send to the
   * UI whole: `bytes` is the full data's UTF-8 size, and `key` fetches it (`event:data`) while
   * the inspector still keeps it.
   */
  dataTruncated?: { bytes: number; key: string }
}

/** Raw text longer than this (UTF-16 code units) is not kept on frames sent to the UI. */
export const MAX_UI_RAW_CHARS = 8 * 1024 * 1024

/**
 * Data longer than this (UTF-16 code units) reaches the UI cut to this length: a 50 MB event
 * sent whole froze a browser tab for seconds, and the UI shows at most 1 MiB of text anyway.
 */
export const MAX_UI_DATA_CHARS = 2 * 1024 * 1024

/** A comment line (`: text`), which `EventSource` hides. */
export interface CommentFrame extends FrameBase {
  kind: 'comment'
  text: string
}

/** A valid `retry:` field changed the reconnection time. */
export interface RetryFrame extends FrameBase {
  kind: 'retry'
  ms: number
}

export type DiagnosticLevel = 'info' | 'warning' | 'error'

/**
 * Every code a diagnostic frame can carry, once each: the single list the type is derived from,
 * so emitting an unlisted code (or a typo) fails typecheck. README "Diagnostic codes" says what
 * each means and what a browser's EventSource does in that case (a test keeps the two in step).
 * Codes are only ever added, never renamed or reused.
 */
export const DIAGNOSTIC_CODES = [
  // The parser (src/main/sse/parser.ts): WHATWG HTML §9.2.5-9.2.6, what a browser drops or repairs.
  'bom-stripped',
  'invalid-utf8',
  'unknown-field',
  'invalid-retry',
  'id-contains-null',
  'event-without-data',
  'unfinished-event-discarded',
  'line-too-long',
  'event-too-large',
  'discarding',
  // The client (src/main/sse/client.ts): the response and the wait for it.
  'slow-headers',
  'charset-ignored',
  'tls-not-verified',
  // The client's reconnection (src/main/sse/client.ts, reconnect-policy.ts): timing that would storm.
  'retry-below-floor',
  'stream-ends-without-events',
  // The transport (src/main/sse/response-framing.ts, content-decoding.ts): what Chromium and curl
  // read past, said out loud because the server got it wrong.
  'content-length-with-chunked',
  'duplicate-content-length',
  'invalid-content-length',
  'bare-lf-line-ends',
  'obsolete-line-folding',
  'header-name-whitespace',
  'malformed-header-line',
  'chunk-size-whitespace',
  'deflate-without-zlib-header',
  'content-encoding-trailing-data',
  'content-encoding-unknown',
  // Redirects (src/main/sse/http-request.ts redirectPolicy): what a change of origin withheld.
  'redirect-credentials-dropped',
  'redirect-body-dropped',
  'redirect-body-resent',
  'redirect-downgrade-allowed'
] as const

/** A stable, machine-readable diagnostic code (see DIAGNOSTIC_CODES). */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number]

/** Something a browser would silently drop or repair, said out loud. */
export interface DiagnosticFrame extends FrameBase {
  kind: 'diagnostic'
  level: DiagnosticLevel
  /** A stable, machine-readable code such as `unknown-field` or `invalid-retry`. */
  code: DiagnosticCode
  message: string
}

/** A failure. Fatal errors end the connection; others are followed by a reconnect. */
export interface ErrorFrame extends FrameBase {
  kind: 'error'
  message: string
  fatal: boolean
  /** The HTTP status when the error is about the response. */
  status?: number
}

/** A reconnection is scheduled after `delayMs`. */
export interface ReconnectFrame extends FrameBase {
  kind: 'reconnect'
  delayMs: number
  lastEventId: string
  /** The number of the attempt that will follow, 1 for the first reconnection. */
  attempt: number
}

/** The connection is finished and will not reconnect. */
export interface CloseFrame extends FrameBase {
  kind: 'close'
  reason: string
  /**
   * True when the stream ended after an LLM answer's completion marker (`[DONE]`, `message_stop`,
   * `response.completed`, a final Gemini `finishReason`, AI SDK `finish`; see
   * `src/shared/llm/completion.ts`): a normal end, so no error frame came before it and the
   * client did not reconnect (which would have sent the request again and re-run the answer).
   */
  completed?: true
}

export type Frame =
  ConnectingFrame | OpenFrame | EventFrame | CommentFrame | RetryFrame | DiagnosticFrame | ErrorFrame | ReconnectFrame | CloseFrame

export type FrameKind = Frame['kind']

export const FRAME_KINDS: readonly FrameKind[] = [
  'connecting',
  'open',
  'event',
  'comment',
  'retry',
  'diagnostic',
  'error',
  'reconnect',
  'close'
]

/** A frame before the connection stamps it: what the parser and client produce. */
export type UnstampedFrame = Frame extends infer F ? (F extends Frame ? Omit<F, keyof FrameBase> : never) : never
