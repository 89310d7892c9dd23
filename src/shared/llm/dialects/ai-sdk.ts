import type { Draft } from '../draft'
import { obj, str, type JsonObject } from '../json-value'
import type { LlmEventInput } from '../types'
import type { DialectReader } from './reader'

/** Chunk types of the UI message stream that carry nothing this assembler keeps. */
const QUIET = new Set([
  'start-step',
  'finish-step',
  'text-start',
  'text-end',
  'reasoning-start',
  'reasoning-end',
  'tool-output-available',
  'tool-output-error',
  'source-url',
  'source-document',
  'file',
  'message-metadata'
])

/** The chunk types that identify the stream as a UI message stream. */
export const AI_SDK_TYPES = new Set([
  ...QUIET,
  'start',
  'text-delta',
  'reasoning-delta',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-available',
  'tool-input-error',
  'finish',
  'abort'
])

/**
 * The Vercel AI SDK UI message stream (AI SDK 5+, header `x-vercel-ai-ui-message-stream: v1`).
 * Source: AI SDK docs, "Stream Protocols": JSON chunks `start` (`messageId`), `text-delta`
 * (`id`, `delta`), `reasoning-delta`, `tool-input-start` (`toolCallId`, `toolName`),
 * `tool-input-delta` (`inputTextDelta`), `tool-input-available` (`input` whole), `finish`,
 * `error` (`errorText`), `abort`, custom `data-*` parts; the stream ends with `data: [DONE]`.
 * Everything goes to choice 0.
 */
export function aiSdkReader(): DialectReader {
  let calls = 0
  return {
    read(event: LlmEventInput, json: JsonObject, draft: Draft): void {
      const frame = event.index
      const type = str(json['type'])
      if (type === null) {
        draft.misfit(frame, 'This chunk has no "type", so it is not an AI SDK UI message stream part.')
        return
      }
      if (QUIET.has(type) || type.startsWith('data-')) return
      switch (type) {
        case 'start':
          draft.responseId ??= str(json['messageId'])
          draft.choice(0)
          return
        case 'text-delta':
          draft.addContent(0, 'text', json['delta'], frame)
          return
        case 'reasoning-delta':
          draft.addContent(0, 'reasoning', json['delta'], frame)
          return
        case 'tool-input-start':
        case 'tool-input-delta':
        case 'tool-input-available':
        case 'tool-input-error': {
          const id = str(json['toolCallId'])
          if (id === null) {
            draft.misfit(frame, `${type} without a toolCallId was skipped.`)
            return
          }
          if (type !== 'tool-input-start' && !draft.findTool(0, id)) {
            draft.misfit(frame, `${type} arrived for tool call ${id}, which never started; it is kept.`)
          }
          const existing = draft.findTool(0, id)
          const tool = existing ?? draft.tool(0, id, calls++, id, str(json['toolName']))
          if (existing) draft.tool(0, id, existing.index, id, str(json['toolName']))
          tool.touch(frame)
          if (type === 'tool-input-delta') {
            const piece = str(json['inputTextDelta'])
            if (piece) tool.appendArguments(piece, frame)
          } else if (type === 'tool-input-available' && tool.pieces === 0) {
            tool.setArguments(JSON.stringify(json['input'] ?? {}), frame)
          } else if (type === 'tool-input-error') {
            draft.error(frame, str(json['errorText']) ?? `Tool call ${id} input failed.`)
          }
          return
        }
        case 'finish': {
          draft.choice(0).finishReason = str(json['finishReason']) ?? 'finish'
          const usage = obj(obj(json['messageMetadata'])?.['usage'])
          if (usage) draft.usage = usage
          draft.completed = true
          return
        }
        case 'abort':
          draft.choice(0).finishReason = 'abort'
          return
        case 'error':
          draft.error(frame, str(json['errorText']) ?? JSON.stringify(json))
          return
        default:
          draft.misfit(frame, `"${type}" is not an AI SDK UI message stream part.`)
      }
    }
  }
}
