import { detectDialect, genericError } from './detect'
import { aiSdkReader } from './dialects/ai-sdk'
import { anthropicReader } from './dialects/anthropic'
import { customReader } from './dialects/custom'
import { geminiReader } from './dialects/gemini'
import { openAiChatReader } from './dialects/openai-chat'
import { openAiResponsesReader } from './dialects/openai-responses'
import type { DialectReader } from './dialects/reader'
import { Draft } from './draft'
import { isObject, preview } from './json-value'
import type { CustomRule, LlmAssemblerOptions, LlmDialect, LlmEventInput, LlmSnapshot } from './types'

/** The OpenAI and AI SDK end-of-stream sentinel (not JSON). */
export const DONE_SENTINEL = '[DONE]'

function readerFor(dialect: LlmDialect, custom: CustomRule | undefined): DialectReader {
  switch (dialect) {
    case 'openai-chat':
      return openAiChatReader()
    case 'openai-responses':
      return openAiResponsesReader()
    case 'anthropic':
      return anthropicReader()
    case 'gemini':
      return geminiReader()
    case 'ai-sdk':
      return aiSdkReader()
    case 'custom':
      if (!custom) throw new Error('The custom dialect needs a rule: give at least a JSONPath for the text, e.g. $.delta.text.')
      return customReader(custom)
  }
}

/**
 * Assembles an LLM answer from the events of a stream, one event at a time.
 *
 * Feed it every `event` frame in order (`push`); read `snapshot()` whenever you want the answer
 * so far. The dialect is detected from the first event that gives it away, unless forced.
 * Nothing throws on stream content: what does not fit is recorded in `misfits` with its frame
 * index and skipped, and what was assembled before stays. Cost: `push` is O(size of the event);
 * `snapshot()` is O(answer size) when something changed, so call it per screen update, not per event
 * (or use `onDelta`). One assembler holds one answer: after a reconnection the request was sent
 * again and the server starts over, so begin a new assembler at each `connecting` frame with
 * `attempt > 0` (as `tail --assemble` does).
 *
 * @throws Error (JsonPathError for a bad expression) from the constructor when `custom` is
 *   requested without a usable rule.
 */
export class LlmAssembler {
  private dialect_: LlmDialect | null
  private readonly forced: boolean
  private reader: DialectReader | null
  private readonly draft: Draft
  private cached: LlmSnapshot | null = null
  /** The completion marker that ended the answer (`[DONE]`, `message_stop`...), once it has arrived. */
  private endMarker: string | null = null
  private toldAfterEnd = false

  constructor(options: LlmAssemblerOptions = {}) {
    this.draft = new Draft(options.onDelta)
    const dialect = options.dialect ?? (options.custom ? 'custom' : null)
    this.dialect_ = dialect
    this.forced = dialect !== null
    this.reader = dialect === null ? null : readerFor(dialect, options.custom)
  }

  get dialect(): LlmDialect | null {
    return this.dialect_
  }

  /** The dialect's completion marker has arrived. */
  get completed(): boolean {
    return this.draft.completed
  }

  push(event: LlmEventInput): void {
    this.cached = null
    const draft = this.draft
    draft.events += 1
    const data = event.data.trim()
    if (this.endMarker !== null) {
      // Clients (the OpenAI and Anthropic SDKs, EventSource apps) stop at the marker, so what follows is
      // not part of the answer they show; said once, since a hostile server may keep going forever.
      if (data !== DONE_SENTINEL && !this.toldAfterEnd) {
        this.toldAfterEnd = true
        draft.misfit(
          event.index,
          `This event arrived after ${this.endMarker}, which ends the answer: clients stop reading there, so it and any later events were not assembled.`
        )
      }
      return
    }
    if (data === DONE_SENTINEL) {
      draft.completed = true
      this.endMarker = DONE_SENTINEL
      return
    }
    let json: unknown
    try {
      json = JSON.parse(data)
    } catch {
      // Before the dialect is known this may simply not be an LLM stream (yet).
      if (this.reader) draft.misfit(event.index, `The data is not JSON ("${preview(event.data)}"), so it was skipped.`)
      return
    }
    if (!this.reader) {
      const detected = detectDialect(event.type, json)
      if (detected === null) {
        const error = genericError(json)
        if (error) draft.error(event.index, error.message, error.code)
        return
      }
      this.dialect_ = detected
      this.reader = readerFor(detected, undefined)
    }
    if (!isObject(json)) {
      draft.misfit(event.index, `The data is JSON but not an object ("${preview(event.data)}"), so it was skipped.`)
      return
    }
    this.reader.read(event, json, draft)
    // Gemini's end is inferred from finishReason, and a usage-only chunk may still follow it.
    if (draft.completed && this.dialect_ !== 'gemini') this.endMarker = typeof json['type'] === 'string' ? json['type'] : event.type
  }

  /** The answer so far: a fresh, JSON-serializable object (the same one until the next push). */
  snapshot(): LlmSnapshot {
    this.cached ??= this.draft.toSnapshot(this.dialect_, this.forced)
    return this.cached
  }
}

/** Assembles a whole list of events at once (e.g. a saved capture). */
export function assembleEvents(events: Iterable<LlmEventInput>, options?: LlmAssemblerOptions): LlmSnapshot {
  const assembler = new LlmAssembler(options)
  for (const event of events) assembler.push(event)
  return assembler.snapshot()
}
