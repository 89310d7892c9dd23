import type { Draft } from '../draft'
import { isObject, num, obj, str, type JsonObject } from '../json-value'
import type { LlmEventInput } from '../types'
import type { DialectReader } from './reader'

/**
 * Google Gemini `models/*:streamGenerateContent?alt=sse`: every event is a whole
 * `GenerateContentResponse`. Source: Gemini API reference, "GenerateContentResponse": `candidates[]`
 * with `index`, `content.parts[]` (`text`, `thought: true` for thought summaries, `functionCall`
 * `{ name, args, id? }` sent whole), `finishReason`; `usageMetadata`; `modelVersion`; `responseId`;
 * `promptFeedback.blockReason` when the prompt was blocked. Gemini has no end marker: a chunk
 * whose candidates all carry a `finishReason` is the last one.
 */
export function geminiReader(): DialectReader {
  let calls = 0
  return {
    read(event: LlmEventInput, json: JsonObject, draft: Draft): void {
      const frame = event.index
      if (isObject(json['error'])) {
        const error = json['error']
        draft.error(frame, str(error['message']) ?? JSON.stringify(error), str(error['status']) ?? undefined)
        return
      }
      const candidates = json['candidates']
      const usage = obj(json['usageMetadata'])
      const feedback = obj(json['promptFeedback'])
      if (!Array.isArray(candidates) && !usage && !feedback) {
        draft.misfit(frame, 'This chunk has no "candidates" or "usageMetadata", so it is not a Gemini GenerateContentResponse.')
        return
      }
      draft.model ??= str(json['modelVersion'])
      draft.responseId ??= str(json['responseId'])
      if (usage) draft.usage = usage
      const blocked = feedback ? str(feedback['blockReason']) : null
      if (blocked !== null) {
        draft.error(frame, `The prompt was blocked (${blocked}).`, blocked)
        draft.choice(0).finishReason = blocked
        draft.completed = true
      }
      if (!Array.isArray(candidates) || candidates.length === 0) return
      let finished = 0
      candidates.forEach((raw, position) => {
        const candidate = obj(raw)
        if (!candidate) return
        const index = num(candidate['index']) ?? position
        draft.choice(index)
        const parts = obj(candidate['content'])?.['parts']
        if (Array.isArray(parts)) {
          for (const rawPart of parts) {
            const part = obj(rawPart)
            if (!part) continue
            draft.addContent(index, part['thought'] === true ? 'reasoning' : 'text', part['text'], frame)
            const call = obj(part['functionCall'])
            if (call) {
              const n = calls++
              const tool = draft.tool(index, `call-${n}`, n, str(call['id']), str(call['name']))
              tool.appendArguments(JSON.stringify(call['args'] ?? {}), frame)
            }
          }
        }
        const finish = str(candidate['finishReason'])
        if (finish !== null && finish !== 'FINISH_REASON_UNSPECIFIED') {
          draft.choice(index).finishReason = finish
          finished += 1
        }
      })
      if (finished === candidates.length) draft.completed = true
    }
  }
}
