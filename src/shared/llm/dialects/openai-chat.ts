import type { Draft } from '../draft'
import { isObject, num, obj, str, type JsonObject } from '../json-value'
import type { LlmEventInput } from '../types'
import type { DialectReader } from './reader'

/**
 * OpenAI Chat Completions streaming (`chat.completion.chunk`), and the many APIs that copy it.
 * Source: OpenAI API reference, "The chat completion chunk object": `choices[].delta` with
 * `content`, `refusal`, `tool_calls[]` (`index`, `id`, `function.name`, `function.arguments` in
 * pieces), `finish_reason`; with `stream_options.include_usage` a last chunk with `choices: []`
 * and `usage`; then `data: [DONE]`. Reasoning as DeepSeek and vLLM send it (`reasoning_content`)
 * or as OpenRouter and Ollama do (`reasoning`).
 */
export function openAiChatReader(): DialectReader {
  return { read }
}

function read(event: LlmEventInput, json: JsonObject, draft: Draft): void {
  const frame = event.index
  if (isObject(json['error'])) {
    const error = json['error']
    draft.error(frame, str(error['message']) ?? JSON.stringify(error), str(error['code']) ?? str(error['type']) ?? undefined)
    return
  }
  const choices = json['choices']
  if (!Array.isArray(choices)) {
    draft.misfit(frame, 'This chunk has no "choices" array, so it is not an OpenAI chat completion chunk.')
    return
  }
  draft.model ??= str(json['model'])
  draft.responseId ??= str(json['id'])
  if (isObject(json['usage'])) draft.usage = json['usage']
  for (const raw of choices) {
    const choice = obj(raw)
    const index = choice ? num(choice['index']) : null
    if (!choice || index === null) {
      draft.misfit(frame, 'A choice without a numeric "index" was skipped.')
      continue
    }
    draft.choice(index)
    const delta = obj(choice['delta'])
    if (delta) readDelta(draft, index, delta, frame)
    const finish = str(choice['finish_reason'])
    if (finish !== null) draft.choice(index).finishReason = finish
  }
}

function readDelta(draft: Draft, choiceIndex: number, delta: JsonObject, frame: number): void {
  draft.addContent(choiceIndex, 'reasoning', delta['reasoning_content'], frame)
  draft.addContent(choiceIndex, 'reasoning', delta['reasoning'], frame)
  draft.addContent(choiceIndex, 'text', delta['content'], frame)
  draft.addContent(choiceIndex, 'text', delta['refusal'], frame)
  const calls = delta['tool_calls']
  if (!Array.isArray(calls)) return
  for (const raw of calls) {
    const call = obj(raw)
    if (!call) continue
    // Some compatible servers omit `index` when there is only one call.
    const index = num(call['index']) ?? 0
    const fn = obj(call['function'])
    const id = str(call['id'])
    const name = fn ? str(fn['name']) : null
    const key = String(index)
    if (!draft.findTool(choiceIndex, key) && id === null && name === null) {
      draft.misfit(
        frame,
        `Arguments arrived for tool call index ${index}, which never started (no id or name); they are kept under that index.`
      )
    }
    const tool = draft.tool(choiceIndex, key, index, id, name)
    tool.touch(frame)
    const args = fn ? str(fn['arguments']) : null
    if (args) tool.appendArguments(args, frame)
  }
}
