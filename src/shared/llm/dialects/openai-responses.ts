import type { Draft } from '../draft'
import { num, obj, str, type JsonObject } from '../json-value'
import type { LlmEventInput } from '../types'
import type { DialectReader } from './reader'

/**
 * OpenAI Responses API streaming. Source: OpenAI API reference, "Streaming events": each event's
 * `type` (also its SSE `event:` name) is `response.created`, `response.output_item.added` (a
 * `function_call` item brings `call_id` and `name`), `response.output_text.delta`,
 * `response.refusal.delta`, `response.reasoning_summary_text.delta`, `response.reasoning_text.delta`,
 * `response.function_call_arguments.delta` / `.done`, `response.completed`, `response.incomplete`,
 * `response.failed`, and `error`. Everything goes to choice 0; tool calls are keyed by `output_index`.
 * Other `response.*` events (content parts, annotations, built-in tool progress) carry nothing to assemble.
 */
export function openAiResponsesReader(): DialectReader {
  return { read }
}

function read(event: LlmEventInput, json: JsonObject, draft: Draft): void {
  const frame = event.index
  const type = str(json['type']) ?? event.type
  switch (type) {
    case 'response.created':
    case 'response.in_progress':
      readResponse(json, draft)
      draft.choice(0)
      return
    case 'response.output_item.added':
    case 'response.output_item.done': {
      const item = obj(json['item'])
      const index = num(json['output_index'])
      if (item && index !== null && str(item['type']) === 'function_call') {
        const tool = draft.tool(0, String(index), index, str(item['call_id']) ?? str(item['id']), str(item['name']))
        tool.touch(frame)
        const args = str(item['arguments'])
        if (type === 'response.output_item.done' && tool.pieces === 0 && args) tool.setArguments(args, frame)
      }
      return
    }
    case 'response.output_text.delta':
    case 'response.refusal.delta':
      draft.addContent(0, 'text', json['delta'], frame)
      return
    case 'response.reasoning_summary_text.delta':
    case 'response.reasoning_text.delta':
      draft.addContent(0, 'reasoning', json['delta'], frame)
      return
    case 'response.function_call_arguments.delta':
    case 'response.function_call_arguments.done': {
      const index = num(json['output_index'])
      if (index === null) {
        draft.misfit(frame, `${type} without an output_index was skipped.`)
        return
      }
      const key = String(index)
      if (!draft.findTool(0, key)) {
        draft.misfit(frame, `Function call arguments arrived for output ${index}, which never started; they are kept.`)
      }
      const tool = draft.tool(0, key, index, str(json['call_id']), str(json['name']))
      tool.touch(frame)
      const piece = str(type.endsWith('.delta') ? json['delta'] : json['arguments'])
      if (type.endsWith('.delta')) {
        if (piece) tool.appendArguments(piece, frame)
      } else if (tool.pieces === 0 && piece) {
        tool.setArguments(piece, frame)
      }
      return
    }
    case 'response.completed':
    case 'response.incomplete': {
      const response = readResponse(json, draft)
      const details = obj(response?.['incomplete_details'])
      draft.choice(0).finishReason = str(details?.['reason']) ?? str(response?.['status']) ?? type.slice('response.'.length)
      draft.completed = true
      return
    }
    case 'response.failed': {
      const response = readResponse(json, draft)
      const error = obj(response?.['error'])
      draft.choice(0).finishReason = 'failed'
      draft.error(frame, str(error?.['message']) ?? 'The response failed.', str(error?.['code']) ?? undefined)
      return
    }
    case 'error':
      draft.error(frame, str(json['message']) ?? JSON.stringify(json), str(json['code']) ?? undefined)
      return
    default:
      if (!type.startsWith('response.')) draft.misfit(frame, `"${type}" is not an OpenAI Responses stream event.`)
  }
}

/** The `response` object some events carry: id, model and usage. */
function readResponse(json: JsonObject, draft: Draft): JsonObject | null {
  const response = obj(json['response'])
  if (!response) return null
  draft.responseId ??= str(response['id'])
  draft.model ??= str(response['model'])
  const usage = obj(response['usage'])
  if (usage) draft.usage = usage
  return response
}
