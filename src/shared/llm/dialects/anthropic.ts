import type { Draft, ToolCallDraft } from '../draft'
import { obj, num, str, type JsonObject } from '../json-value'
import type { LlmEventInput } from '../types'
import type { DialectReader } from './reader'

/** `choice` is where a block's text goes: 0, or a choice of its own for a block that never started. */
type Block =
  | { kind: 'text'; choice: number }
  | { kind: 'thinking'; choice: number }
  | { kind: 'tool'; tool: ToolCallDraft; input: unknown }
  | { kind: 'other' }

/**
 * Anthropic Messages streaming. Source: Anthropic API docs, "Streaming Messages": `message_start`
 * (message id, model, usage), `content_block_start` (`text`, `thinking`, `tool_use` with id and
 * name), `content_block_delta` (`text_delta`, `thinking_delta`, `input_json_delta` whose
 * `partial_json` pieces make the tool input, `signature_delta`), `content_block_stop`,
 * `message_delta` (`stop_reason`, cumulative `usage`), `message_stop`, `ping`, and in-band `error`.
 * Everything goes to choice 0.
 */
export function anthropicReader(): DialectReader {
  const blocks = new Map<number, Block>()

  return {
    read(event: LlmEventInput, json: JsonObject, draft: Draft): void {
      const frame = event.index
      const type = str(json['type']) ?? event.type
      switch (type) {
        case 'message_start': {
          const message = obj(json['message'])
          if (!message) break
          draft.responseId ??= str(message['id'])
          draft.model ??= str(message['model'])
          const usage = obj(message['usage'])
          if (usage) draft.usage = { ...draft.usage, ...usage }
          draft.choice(0)
          break
        }
        case 'content_block_start': {
          const index = num(json['index'])
          const block = obj(json['content_block'])
          if (index === null || !block) {
            draft.misfit(frame, 'content_block_start without an index or content_block was skipped.')
            break
          }
          const kind = str(block['type'])
          if (kind === 'text') {
            blocks.set(index, { kind: 'text', choice: 0 })
            draft.addContent(0, 'text', block['text'], frame)
          } else if (kind === 'thinking') {
            blocks.set(index, { kind: 'thinking', choice: 0 })
            draft.addContent(0, 'reasoning', block['thinking'], frame)
          } else if (kind === 'tool_use' || kind === 'server_tool_use' || kind === 'mcp_tool_use') {
            const tool = draft.tool(0, String(index), index, str(block['id']), str(block['name']))
            tool.touch(frame)
            blocks.set(index, { kind: 'tool', tool, input: block['input'] })
          } else {
            blocks.set(index, { kind: 'other' })
          }
          break
        }
        case 'content_block_delta': {
          const index = num(json['index'])
          const delta = obj(json['delta'])
          if (index === null || !delta) {
            draft.misfit(frame, 'content_block_delta without an index or delta was skipped.')
            break
          }
          const deltaType = str(delta['type'])
          let block = blocks.get(index)
          if (!block) {
            // Kept apart from the answer: spliced into block 0's text it would read as one garbled answer.
            const apart = index === 0 ? 0 : index
            draft.misfit(
              frame,
              `A ${deltaType ?? 'delta'} arrived for content block ${index}, which never started; it is kept apart${apart ? ` (as choice ${apart})` : ''}.`
            )
            block =
              deltaType === 'input_json_delta'
                ? { kind: 'tool', tool: draft.tool(0, String(index), index), input: undefined }
                : deltaType === 'thinking_delta'
                  ? { kind: 'thinking', choice: apart }
                  : { kind: 'text', choice: apart }
            blocks.set(index, block)
          }
          const choice = block.kind === 'text' || block.kind === 'thinking' ? block.choice : 0
          if (deltaType === 'text_delta') draft.addContent(choice, 'text', delta['text'], frame)
          else if (deltaType === 'thinking_delta') draft.addContent(choice, 'reasoning', delta['thinking'], frame)
          else if (deltaType === 'input_json_delta' && block.kind === 'tool') {
            const piece = str(delta['partial_json'])
            block.tool.touch(frame)
            if (piece) block.tool.appendArguments(piece, frame)
          }
          // signature_delta and citations_delta carry no answer text.
          break
        }
        case 'content_block_stop': {
          const index = num(json['index'])
          const block = index === null ? undefined : blocks.get(index)
          // A tool called with no input streams no input_json_delta; its input is the start's `{}`.
          if (block?.kind === 'tool' && block.tool.pieces === 0 && block.input !== undefined) {
            block.tool.setArguments(JSON.stringify(block.input), frame)
          }
          break
        }
        case 'message_delta': {
          const delta = obj(json['delta'])
          const stop = delta ? str(delta['stop_reason']) : null
          if (stop !== null) draft.choice(0).finishReason = stop
          const usage = obj(json['usage'])
          if (usage) draft.usage = { ...draft.usage, ...usage }
          break
        }
        case 'message_stop':
          draft.completed = true
          break
        case 'ping':
          break
        case 'error': {
          const error = obj(json['error'])
          draft.error(frame, str(error?.['message']) ?? JSON.stringify(json), str(error?.['type']) ?? undefined)
          break
        }
        default:
          draft.misfit(frame, `"${type}" is not an Anthropic Messages stream event.`)
      }
    }
  }
}
