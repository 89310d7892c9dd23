import type { LlmPayloadKind } from '../../shared/server-config'
import { encodeEvent } from './sse-format'

/**
 * The demo server's canned LLM answers, in the wire shapes of OpenAI Chat Completions
 * (`chat.completion.chunk` ... `data: [DONE]`) and Anthropic Messages (`message_start` ...
 * `message_stop`), so the inspector's LLM features can be shown and tested without an API key.
 */

/** One SSE event of an answer. `token` events carry a piece of the answer and set its pace. */
export interface AnswerEvent {
  wire: string
  token: boolean
}

/** The answer: a little Unicode on purpose (an accent, an emoji) so assembly is visibly right. */
export const ANSWER_TEXT =
  'Server-Sent Events keep one HTTP response open and send lines of text. ' +
  'Each event ends with a blank line, and EventSource reconnects by itself. Ça marche 👍'

/** The tool call at the end of the answer, its JSON arguments streamed in pieces. */
export const ANSWER_TOOL = { id: 'call_demo_1', name: 'get_weather', argumentPieces: ['{"city":', ' "Paris",', ' "unit": "celsius"}'] }

const ANTHROPIC_THINKING = ['The user wants SSE ', 'explained briefly.']

/** Words with their trailing space: what a tokenizer would roughly give. */
export function answerTokens(text = ANSWER_TEXT): string[] {
  return text.match(/\S+\s*/gu) ?? []
}

/** Every event of one answer in the given shape, in order, ending with the completion marker. */
export function answerEvents(kind: LlmPayloadKind): AnswerEvent[] {
  return kind === 'openai' ? openAiEvents() : anthropicEvents()
}

function openAiEvents(): AnswerEvent[] {
  const base = { id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: 0, model: 'demo-gpt' }
  const chunk = (delta: object, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }]
  })
  const ev = (data: object | string, token: boolean): AnswerEvent => ({
    wire: encodeEvent({ data: typeof data === 'string' ? data : JSON.stringify(data) }),
    token
  })
  const tokens = answerTokens()
  const out: AnswerEvent[] = [ev(chunk({ role: 'assistant', content: '' }), false)]
  for (const t of tokens) out.push(ev(chunk({ content: t }), true))
  const [first, ...rest] = ANSWER_TOOL.argumentPieces
  out.push(
    ev(
      chunk({ tool_calls: [{ index: 0, id: ANSWER_TOOL.id, type: 'function', function: { name: ANSWER_TOOL.name, arguments: first } }] }),
      true
    )
  )
  for (const piece of rest) out.push(ev(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }), true))
  out.push(ev(chunk({}, 'tool_calls'), false))
  const completion = tokens.length + ANSWER_TOOL.argumentPieces.length
  out.push(ev({ ...base, choices: [], usage: { prompt_tokens: 12, completion_tokens: completion, total_tokens: 12 + completion } }, false))
  out.push(ev('[DONE]', false))
  return out
}

function anthropicEvents(): AnswerEvent[] {
  const ev = (type: string, data: object, token = false): AnswerEvent => ({
    wire: encodeEvent({ event: type, data: JSON.stringify({ type, ...data }) }),
    token
  })
  const tokens = answerTokens()
  const out: AnswerEvent[] = [
    ev('message_start', {
      message: {
        id: 'msg_demo',
        type: 'message',
        role: 'assistant',
        content: [],
        model: 'demo-claude',
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 12, output_tokens: 1 }
      }
    }),
    ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } })
  ]
  for (const t of ANTHROPIC_THINKING)
    out.push(ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: t } }, true))
  out.push(
    ev('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'ZGVtbw==' } }),
    ev('content_block_stop', { index: 0 }),
    ev('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
    ev('ping', {})
  )
  for (const t of tokens) out.push(ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: t } }, true))
  out.push(
    ev('content_block_stop', { index: 1 }),
    ev('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'toolu_demo_1', name: ANSWER_TOOL.name, input: {} } })
  )
  for (const piece of ANSWER_TOOL.argumentPieces) {
    out.push(ev('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: piece } }, true))
  }
  const output = ANTHROPIC_THINKING.length + tokens.length + ANSWER_TOOL.argumentPieces.length
  out.push(
    ev('content_block_stop', { index: 2 }),
    ev('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: output } }),
    ev('message_stop', {})
  )
  return out
}
