/**
 * The frame schema (./frames.ts) as zod definitions, from which `npm run schema` writes the
 * published JSON Schemas (docs/frame.schema.json, docs/summary.schema.json; JSON Schema 2020-12,
 * via zod v4's `z.toJSONSchema`). Type checks at the end of this file keep the zod types and the
 * TypeScript interfaces equal, both ways, so neither can change without the other.
 *
 * The renderer never imports this file: frames.ts stays zod-free so the UI bundle need not carry
 * zod for types it only reads. The main process and tools may import it.
 */
import { z } from 'zod'
import { LLM_DIALECTS } from './llm/types'
import { DIAGNOSTIC_CODES, MAX_UI_DATA_CHARS, MAX_UI_RAW_CHARS, type Frame, type FrameKind } from './frames'

const count = () => z.int().nonnegative()

const base = {
  connectionId: z.string().describe("Which inspector connection saw this frame; stable across that connection's reconnects."),
  time: z.number().describe('When the frame was observed, in milliseconds since the Unix epoch.')
}

export const connectingFrameSchema = z
  .object({
    kind: z.literal('connecting'),
    ...base,
    url: z.string(),
    method: z.string(),
    attempt: count().describe('0 for the first attempt, then 1, 2, ... for each reconnection.'),
    lastEventId: z.string().optional().describe('The Last-Event-ID header sent with this request, when one was.'),
    headers: z
      .record(z.string(), z.string())
      .optional()
      .describe('The request headers actually sent (Host and Content-Length included), credential values masked.')
  })
  .describe('A request is about to be sent (first attempt or a reconnection).')

export const openFrameSchema = z
  .object({
    kind: z.literal('open'),
    ...base,
    status: count(),
    headers: z.record(z.string(), z.string()).describe('Response headers, names lower-cased.'),
    url: z.string().describe('The URL after redirects.'),
    contentEncoding: z.string().optional().describe('The content codings undone, in the order named (e.g. `gzip, br`).'),
    proxy: z.string().optional().describe('The proxy the request went through: scheme, host and port, never credentials.'),
    insecure: z.literal(true).optional().describe('Certificate checks were off for this connection (`-k`).')
  })
  .describe('The response was accepted as an event stream.')

export const eventFrameSchema = z
  .object({
    kind: z.literal('event'),
    ...base,
    type: z.string().describe('The event type: the `event:` field, or `message` when there was none.'),
    data: z.string(),
    lastEventId: z.string().describe('The last event ID after this event (what MessageEvent.lastEventId reports).'),
    id: z.string().optional().describe('The `id:` field of this very event, when it had one that was not ignored.'),
    raw: z
      .string()
      .optional()
      .describe(
        'The lines that produced this event as they came over the wire (decoded, line endings kept), through the first character (CR or LF) of the blank line that dispatched it.'
      ),
    rawOmitted: z
      .literal(true)
      .optional()
      .describe(`UI frames only: raw was left out because it was longer than ${MAX_UI_RAW_CHARS} UTF-16 code units.`),
    dataTruncated: z
      .object({
        bytes: count().describe("The full data's UTF-8 size."),
        key: z.string().describe('Fetches the full data (the `event:data` call) while the inspector still keeps it.')
      })
      .optional()
      .describe(`UI frames only: data holds only the first ${MAX_UI_DATA_CHARS} UTF-16 code units of a larger event.`)
  })
  .describe('A dispatched event, exactly as EventSource would deliver it.')

export const commentFrameSchema = z
  .object({ kind: z.literal('comment'), ...base, text: z.string().describe('The text after the colon, one leading space removed.') })
  .describe('A comment line (`: text`), which EventSource hides.')

export const retryFrameSchema = z
  .object({ kind: z.literal('retry'), ...base, ms: count().describe('The new reconnection time, in milliseconds.') })
  .describe('A valid `retry:` field changed the reconnection time.')

export const diagnosticFrameSchema = z
  .object({
    kind: z.literal('diagnostic'),
    ...base,
    level: z.enum(['info', 'warning', 'error']),
    code: z.enum(DIAGNOSTIC_CODES).describe('A stable, machine-readable code; README "Diagnostic codes" says what each means.'),
    message: z.string()
  })
  .describe('Something a browser would silently drop or repair, said out loud.')

export const errorFrameSchema = z
  .object({
    kind: z.literal('error'),
    ...base,
    message: z.string(),
    fatal: z.boolean().describe('True when the connection ends; otherwise a reconnect follows.'),
    status: count().optional().describe('The HTTP status, when the error is about the response.')
  })
  .describe('A failure. Fatal errors end the connection; others are followed by a reconnect.')

export const reconnectFrameSchema = z
  .object({
    kind: z.literal('reconnect'),
    ...base,
    delayMs: count(),
    lastEventId: z.string(),
    attempt: count().describe('The number of the attempt that will follow, 1 for the first reconnection.')
  })
  .describe('A reconnection is scheduled after delayMs.')

export const closeFrameSchema = z
  .object({
    kind: z.literal('close'),
    ...base,
    reason: z.string(),
    completed: z
      .literal(true)
      .optional()
      .describe("The stream ended after an LLM answer's completion marker: a normal end, so no reconnect.")
  })
  .describe('The connection is finished and will not reconnect.')

/** One frame: what `tail --json` and `parse --json` write on each line, and the UI receives. */
export const frameSchema = z
  .discriminatedUnion('kind', [
    connectingFrameSchema,
    openFrameSchema,
    eventFrameSchema,
    commentFrameSchema,
    retryFrameSchema,
    diagnosticFrameSchema,
    errorFrameSchema,
    reconnectFrameSchema,
    closeFrameSchema
  ])
  .meta({
    title: 'SSE Inspector frame',
    description:
      'What the inspector observed on a connection, one frame per JSON document (src/shared/frames.ts). Fields are only ever added, never renamed or retyped.'
  })

const toolCallSummarySchema = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  arguments: z.string().describe('The arguments as assembled from their deltas (a JSON text when argumentsValid).'),
  argumentsValid: z.boolean()
})

const choiceSummaryShape = {
  text: z.string(),
  reasoning: z.string(),
  toolCalls: z.array(toolCallSummarySchema),
  finishReason: z.string().nullable()
}

const ms = () => z.number().nullable()

/** The `llm` object of a summary line (src/main/cli/assemble-output.ts). */
export const llmSummarySchema = z
  .object({
    dialect: z.enum(LLM_DIALECTS).nullable().describe('The dialect detected (or forced), or null when none matched.'),
    ...choiceSummaryShape,
    usage: z.record(z.string(), z.unknown()).nullable().describe('Token usage as the provider reported it.'),
    completed: z.boolean().describe("The dialect's completion marker arrived."),
    errors: z
      .array(z.object({ frame: count(), message: z.string(), code: z.string().optional() }))
      .describe('In-band errors, with the index of the frame that carried each.'),
    misfits: z.array(z.object({ frame: count(), reason: z.string() })).describe('Where the stream stopped fitting its dialect.'),
    choices: z
      .array(z.object({ index: count(), ...choiceSummaryShape }))
      .optional()
      .describe('Every choice when there was more than one (n > 1); the fields above are choice 0.')
  })
  .describe('The LLM answer the stream carried.')

/** The `timing` object of a summary line (src/shared/llm/timing.ts), in milliseconds. */
export const timingSummarySchema = z
  .object({
    ttfbMs: ms().describe('Request to response headers.'),
    firstEventMs: ms().describe('Request to the first event.'),
    ttftMs: ms().describe('Request to the first event carrying text or reasoning (time to first token).'),
    durationMs: ms().describe("Request to the answer's last frame."),
    chunks: count().describe('Events that carried text or reasoning.'),
    charsPerSecond: z.number().nullable().describe('Text and reasoning characters per second, first to last content chunk.'),
    gapP50Ms: ms(),
    gapP95Ms: ms(),
    gapMaxMs: ms(),
    stalls: z
      .array(z.object({ start: z.number(), end: z.number(), gapMs: z.number(), frame: count(), afterFrame: count() }))
      .describe('Gaps between content chunks over the stall threshold (default 1000 ms).')
  })
  .describe('Token timing, from the frames’ times alone; null where the capture has no request to count from.')

/** The one JSON line `sse-inspector parse --summary` writes. */
export const parseSummarySchema = z
  .object({
    events: count().describe('Events dispatched.'),
    comments: count().describe('Comment lines.'),
    bytes: count().describe('Bytes read.'),
    types: z.record(z.string(), count()).describe('Events per event type.'),
    retry: count().nullable().describe('The last valid retry value, in milliseconds, or null when there was none.'),
    lastEventId: z.string().describe('The last event ID at the end of the capture.'),
    diagnostics: z.partialRecord(z.enum(DIAGNOSTIC_CODES), count()).describe('Diagnostics raised, per code.'),
    llm: llmSummarySchema.optional(),
    timing: timingSummarySchema.optional()
  })
  .meta({
    title: 'SSE Inspector parse summary',
    description: 'The single JSON line `sse-inspector parse --summary` writes. Fields are only ever added.'
  })

// -----------------------------------------------------------------------------------------------
// The zod types and the interfaces must agree, checked at compile time only. `Same` holds when each
// type is assignable to the other and both have the same property names, so a missing optional
// property counts too (mutual assignability alone would let it pass). A failure names what drifted.

/** `true` when A and B have the same property names and each is assignable to the other. */
export type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false

/** Fails typecheck unless T is `true`; the error shows T, so make T name what is wrong. */
export type Expect<T extends true> = T

type Inferred = z.infer<typeof frameSchema>
type FrameOf<K, F> = Extract<F, { kind: K }>
/** The frame kinds whose zod definition and interface differ (never when none do). */
type DriftedKinds = { [K in FrameKind]: Same<FrameOf<K, Frame>, FrameOf<K, Inferred>> extends true ? never : K }[FrameKind]

export type _FrameKindsAgree = Expect<[DriftedKinds] extends [never] ? true : DriftedKinds>
export type _SameKinds = Expect<Same<Inferred['kind'], FrameKind>>
export type _SameTruncation = Expect<
  Same<NonNullable<FrameOf<'event', Frame>['dataTruncated']>, NonNullable<FrameOf<'event', Inferred>['dataTruncated']>>
>
