/**
 * The LLM-stream model: what the assembler makes of an answer streamed as server-sent events.
 *
 * Shared by the CLI (`tail --assemble`, `--summary`) and the renderer (Message view, timing
 * panel), so it is plain TypeScript with no Node import. Offsets are UTF-16 code units (JS string
 * indices); times are epoch milliseconds as on frames; frame indices are whatever the caller
 * passed as `LlmEventInput.index` (the CLI and the UI use the frame's position in the
 * connection's frame log, so a span can select the event that carried it).
 */

/**
 * The wire formats the assembler understands.
 * - `openai-chat`: OpenAI Chat Completions `stream: true` and every API that copies it
 *   (`chat.completion.chunk`, `choices[].delta`, `data: [DONE]`).
 * - `openai-responses`: OpenAI Responses API streaming events (`response.output_text.delta`, ...).
 * - `anthropic`: Anthropic Messages streaming (`message_start` ... `message_stop`).
 * - `gemini`: Google Gemini `streamGenerateContent?alt=sse` (`GenerateContentResponse` chunks).
 * - `ai-sdk`: the Vercel AI SDK UI message stream (`text-delta`, `finish`, `data: [DONE]`).
 * - `custom`: a user's JSONPath-style rule (see CustomRule).
 */
export const LLM_DIALECTS = ['openai-chat', 'openai-responses', 'anthropic', 'gemini', 'ai-sdk', 'custom'] as const
export type LlmDialect = (typeof LLM_DIALECTS)[number]

/** One dispatched SSE event, as the assembler takes it: an `event` frame's type and data, plus its index. */
export interface LlmEventInput {
  /** The event type (`message` when the stream sent no `event:` field). */
  type: string
  data: string
  /** Index of the frame that carried this event; spans, tool calls, errors and misfits point back to it. */
  index: number
}

/**
 * A user's rule for a stream no built-in dialect knows. Expressions are the JSONPath subset of
 * `json-path.ts`: `$`, `.name`, `['name']`, `[0]`, `[-1]`, `[*]` (e.g. `$.choices[*].delta.content`).
 * Every string the expression selects in an event's JSON data is appended, in document order.
 */
export interface CustomRule {
  /** Where the answer text is in each event's data. */
  text: string
  /** Where reasoning ("thinking") text is, when the stream has any. */
  reasoning?: string
}

export interface LlmAssemblerOptions {
  /** Skip detection and read the stream as this dialect. `custom` needs `custom`. */
  dialect?: LlmDialect
  /** A custom rule; given alone it implies `dialect: 'custom'`. */
  custom?: CustomRule
  /**
   * Called with each piece as it is assembled, for views that print or render as the answer
   * streams without taking a snapshot per event (a snapshot copies the spans; this is O(piece)).
   */
  onDelta?: (delta: LlmDelta) => void
}

/**
 * One assembled piece, in arrival order. `text` and `reasoning` pieces append to the choice's
 * text or reasoning; `tool-arguments` pieces to a tool call's arguments (when a provider sends
 * a call's arguments whole, as Gemini does or as a `...done` event does after no deltas, the
 * whole string comes as one piece).
 */
export type LlmDelta =
  | { part: LlmSpanPart; choice: number; text: string; frame: number }
  | { part: 'tool-arguments'; choice: number; text: string; frame: number; tool: { index: number; id: string | null; name: string | null } }

/** Which part of a choice a span's characters went to. */
export type LlmSpanPart = 'text' | 'reasoning'

/** A stretch of a choice's text or reasoning and the frame that carried it: `[start, end)` in UTF-16 units. */
export interface LlmSpan {
  part: LlmSpanPart
  start: number
  end: number
  frame: number
}

/** A tool (function) call, its arguments assembled from the pieces that streamed in. */
export interface LlmToolCall {
  /** The provider's call id (`call_...`, `toolu_...`), or null when the stream gave none (Gemini). */
  id: string | null
  name: string | null
  /** The position the provider gave it (OpenAI `index`, Anthropic content block index, Responses output_index). */
  index: number
  /** The arguments as one string, exactly as streamed (JSON text when the provider sent JSON). */
  arguments: string
  /** True when `arguments` parses as JSON. */
  argumentsValid: boolean
  /** Where and why JSON.parse gave up (`Unexpected end of JSON input` ...), when it did. */
  argumentsError?: string
  /** Frames that carried pieces of this call, in order. */
  frames: number[]
}

/**
 * One answer: an OpenAI choice (several when `n > 1`), a Gemini candidate, or the single
 * message of Anthropic, Responses and AI SDK streams (their content blocks and output items
 * are gathered here: text blocks into `text`, thinking into `reasoning`, tool uses into `toolCalls`).
 */
export interface LlmChoice {
  index: number
  text: string
  reasoning: string
  toolCalls: LlmToolCall[]
  /** As the provider spells it (`stop`, `end_turn`, `STOP`, `tool_calls`, ...), or null until it arrives. */
  finishReason: string | null
  /** Where each piece of `text` and `reasoning` came from, in arrival order. */
  spans: LlmSpan[]
}

/** An error the stream itself carried (Anthropic `error`, Responses `error`/`response.failed`, AI SDK `error`, an OpenAI-style `{"error":...}` chunk). */
export interface LlmStreamError {
  frame: number
  message: string
  /** The provider's code or type (`overloaded_error`, `server_error`), when it gave one. */
  code?: string
}

/**
 * A place where the stream stopped fitting its dialect: a non-JSON chunk, a delta for a block or
 * tool call that never started, a chunk of another shape. The frame is skipped and nothing
 * assembled before it is lost.
 */
export interface LlmMisfit {
  frame: number
  /** A sentence saying what did not fit, for people. */
  reason: string
}

/** What the assembler knows so far. A plain, JSON-serializable object; a fresh one on every `snapshot()`. */
export interface LlmSnapshot {
  /** The detected (or forced) dialect; null until an event gave it away. */
  dialect: LlmDialect | null
  /** True when the dialect was forced by options rather than detected. */
  dialectForced: boolean
  /** Choices by index (index 0 first). Empty until content arrives. */
  choices: LlmChoice[]
  /** The usage object as the provider sent it (Anthropic's `message_start` and `message_delta` usage merged), or null. */
  usage: Record<string, unknown> | null
  /** The model the stream named, when it did. */
  model: string | null
  /** The provider's id for this response/message, when it gave one. */
  responseId: string | null
  /** The dialect's completion marker arrived (`[DONE]`, `message_stop`, `response.completed`, a final `finishReason`, `finish`). */
  completed: boolean
  errors: LlmStreamError[]
  misfits: LlmMisfit[]
  /** Events fed so far. */
  events: number
  /** Frames that carried text or reasoning, in order, without repeats: the "content chunks" timing measures. */
  contentFrames: number[]
  /** Characters (UTF-16 units) of text and reasoning over all choices. */
  contentChars: number
}

/** A gap between two content chunks longer than the stall threshold. */
export interface LlmStall {
  /** Time of the content chunk before the gap, and of the one that ended it (epoch ms). */
  start: number
  end: number
  gapMs: number
  /** The frame that ended the stall (the first chunk after the gap). */
  frame: number
  /** The last content frame before the gap. */
  afterFrame: number
}

/** Token timing of one answer, computed from frame times alone (see timing.ts). */
export interface LlmTiming {
  /** `connecting` → `open`: time to the response headers. */
  ttfbMs: number | null
  /** `connecting` → the first event. */
  firstEventMs: number | null
  /** `connecting` → the first event that carried text or reasoning ("time to first token"). */
  ttftMs: number | null
  /** `connecting` → the last frame of the answer (its close, error or last event). */
  durationMs: number | null
  /** Content chunks: events that carried text or reasoning. */
  chunks: number
  /** Text and reasoning characters per second from the first to the last content chunk. */
  charsPerSecond: number | null
  /** Gaps between consecutive content chunks: median, 95th percentile (nearest rank) and largest. */
  gapP50Ms: number | null
  gapP95Ms: number | null
  gapMaxMs: number | null
  /** Gaps over `stallMs` (default 1000). */
  stalls: LlmStall[]
}
