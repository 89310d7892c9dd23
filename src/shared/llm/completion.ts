import { DONE_SENTINEL } from './assembler'
import { detectDialect } from './detect'
import { isObject } from './json-value'
import type { LlmDialect } from './types'

/** Events looked at to detect the dialect before the tracker settles for `[DONE]` alone. */
const DETECT_EVENTS = 32
/** Larger events are not parsed for detection: LLM chunks are small, and parsing a 50 MB event costs. */
const DETECT_MAX_CHARS = 64 * 1024

/** How an answer ended: its completion marker, or a terminal failure event (`response.failed`). */
export interface CompletionMarker {
  outcome: 'completed' | 'failed'
  /** What arrived, for people: `[DONE]`, `message_stop`, `response.completed`, `finishReason STOP`, `finish`. */
  marker: string
}

/**
 * Watches a stream's events for the end of an LLM answer, cheaply, so the SSE client can treat
 * the server ending the stream after it as a normal completion instead of reconnecting and
 * sending the request again (which re-runs and re-bills the generation).
 *
 * Markers per dialect: OpenAI Chat and AI SDK `data: [DONE]` (AI SDK `finish` too); Anthropic
 * `message_stop`; OpenAI Responses `response.completed` / `response.incomplete` (completed) and
 * `response.failed` (failed); Gemini a chunk whose candidates all have a `finishReason`. A stream
 * whose dialect is not detected still completes on `[DONE]`. Only the first 32 events (under
 * 64 KiB) are parsed for detection; after that only events whose text can hold a marker are parsed.
 * One tracker per response: make a new one for each connection attempt.
 */
export class CompletionTracker {
  private dialect: Exclude<LlmDialect, 'custom'> | null = null
  private seen = 0
  private result: CompletionMarker | null = null

  /** The marker that ended the answer, or null while it has not arrived. */
  get ended(): CompletionMarker | null {
    return this.result
  }

  observe(type: string, data: string): void {
    if (this.result) return
    this.seen += 1
    if (data === DONE_SENTINEL || data.trim() === DONE_SENTINEL) {
      this.result = { outcome: 'completed', marker: DONE_SENTINEL }
      return
    }
    if (this.dialect === null) {
      if (this.seen > DETECT_EVENTS || data.length > DETECT_MAX_CHARS) return
      const json = parse(data)
      this.dialect = detectDialect(type, json)
      if (this.dialect !== null) this.check(type, json)
      return
    }
    if (this.mayHoldMarker(type, data)) this.check(type, parse(data))
  }

  private mayHoldMarker(type: string, data: string): boolean {
    switch (this.dialect) {
      case 'anthropic':
        return type === 'message_stop' || data.includes('message_stop')
      case 'openai-responses':
        return type.startsWith('response.') || data.includes('"response.')
      case 'gemini':
        return data.includes('finishReason') || data.includes('blockReason')
      case 'ai-sdk':
        return data.includes('"finish"')
      default:
        return false
    }
  }

  private check(type: string, json: unknown): void {
    if (!isObject(json)) return
    const kind = typeof json['type'] === 'string' ? json['type'] : type
    switch (this.dialect) {
      case 'anthropic':
        if (kind === 'message_stop') this.result = { outcome: 'completed', marker: 'message_stop' }
        return
      case 'openai-responses':
        if (kind === 'response.completed' || kind === 'response.incomplete') this.result = { outcome: 'completed', marker: kind }
        else if (kind === 'response.failed') this.result = { outcome: 'failed', marker: kind }
        return
      case 'ai-sdk':
        if (kind === 'finish') this.result = { outcome: 'completed', marker: 'finish' }
        return
      case 'gemini': {
        const feedback = json['promptFeedback']
        if (isObject(feedback) && typeof feedback['blockReason'] === 'string') {
          this.result = { outcome: 'completed', marker: `blockReason ${feedback['blockReason']}` }
          return
        }
        const candidates = json['candidates']
        if (!Array.isArray(candidates) || candidates.length === 0) return
        const reasons = candidates.map((c) => (isObject(c) && typeof c['finishReason'] === 'string' ? c['finishReason'] : null))
        if (reasons.every((r) => r !== null && r !== 'FINISH_REASON_UNSPECIFIED')) {
          this.result = { outcome: 'completed', marker: `finishReason ${reasons[0]}` }
        }
        return
      }
      default:
        return
    }
  }
}

/** The close reason for a stream that ended after its answer did, for people. */
export function describeCompletion(end: CompletionMarker): string {
  return end.outcome === 'completed'
    ? `The answer completed (${end.marker} arrived), so the end of the stream is normal: not reconnecting, which would send the request again.`
    : `The answer ended with ${end.marker}, so the stream is over: not reconnecting, which would send the request again. The error is in the events above.`
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data)
  } catch {
    return null
  }
}
