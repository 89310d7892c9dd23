import { AI_SDK_TYPES } from './dialects/ai-sdk'
import { isObject, str } from './json-value'
import type { LlmDialect } from './types'

const ANTHROPIC_TYPES = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping'
])

/**
 * Which dialect one event reveals, from its SSE type and parsed JSON data, or null when it
 * does not tell (a `[DONE]`, an `error` several dialects share, a non-LLM event).
 * Signals, strongest first: a Responses `response.*` type; an Anthropic or AI SDK `type`;
 * an OpenAI `choices` array or `chat.completion.chunk` object; Gemini `candidates` or `usageMetadata`.
 */
export function detectDialect(eventType: string, json: unknown): Exclude<LlmDialect, 'custom'> | null {
  if (!isObject(json)) return null
  const type = str(json['type']) ?? (eventType === 'message' ? null : eventType)
  if (type !== null) {
    if (type.startsWith('response.')) return 'openai-responses'
    if (ANTHROPIC_TYPES.has(type)) return 'anthropic'
    if (AI_SDK_TYPES.has(type) || type.startsWith('data-')) return 'ai-sdk'
  }
  if (json['object'] === 'chat.completion.chunk' || Array.isArray(json['choices'])) return 'openai-chat'
  if (Array.isArray(json['candidates']) || isObject(json['usageMetadata'])) return 'gemini'
  return null
}

/**
 * An error event seen before the dialect is known, in any of the shapes providers use:
 * `{"error": {"message", "type"|"code"|"status"}}`, `{"type": "error", "message"|"errorText"}`.
 */
export function genericError(json: unknown): { message: string; code?: string } | null {
  if (!isObject(json)) return null
  const nested = json['error']
  if (isObject(nested)) {
    const code = str(nested['type']) ?? str(nested['code']) ?? str(nested['status'])
    return { message: str(nested['message']) ?? JSON.stringify(nested), ...(code !== null ? { code } : {}) }
  }
  if (json['type'] === 'error') {
    const code = str(json['code'])
    return { message: str(json['message']) ?? str(json['errorText']) ?? JSON.stringify(json), ...(code !== null ? { code } : {}) }
  }
  return null
}
