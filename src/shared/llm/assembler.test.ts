import { describe, expect, it } from 'vitest'
import { LlmAssembler, assembleEvents } from './assembler'
import aiSdk from './fixtures/ai-sdk.sse?raw'
import anthropicError from './fixtures/anthropic-error.sse?raw'
import anthropic from './fixtures/anthropic.sse?raw'
import custom from './fixtures/custom.sse?raw'
import gemini from './fixtures/gemini.sse?raw'
import misfits from './fixtures/misfits.sse?raw'
import openAiChatN2 from './fixtures/openai-chat-n2.sse?raw'
import openAiChat from './fixtures/openai-chat.sse?raw'
import responsesFailed from './fixtures/openai-responses-failed.sse?raw'
import responses from './fixtures/openai-responses.sse?raw'
import { splitEvents } from './fixtures/split-events'
import { JsonPathError } from './json-path'
import type { LlmAssemblerOptions, LlmDelta, LlmEventInput } from './types'

const assemble = (text: string, options?: LlmAssemblerOptions) => assembleEvents(splitEvents(text), options)
const chunk = (content: string, index: number): LlmEventInput => ({
  type: 'message',
  data: JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] }),
  index
})

describe('OpenAI Chat Completions', () => {
  it('assembles reasoning, text, parallel tool calls in pieces, the finish reason and the usage-only chunk', () => {
    const s = assemble(openAiChat)
    expect(s).toMatchObject({
      dialect: 'openai-chat',
      dialectForced: false,
      completed: true,
      model: 'gpt-4o-mini',
      responseId: 'chatcmpl-1'
    })
    expect(s.usage).toEqual({ prompt_tokens: 20, completion_tokens: 31, total_tokens: 51 })
    expect(s.choices).toHaveLength(1)
    const [c] = s.choices
    expect(c).toMatchObject({ index: 0, text: 'Checking both cities.', reasoning: 'User wants weather.', finishReason: 'tool_calls' })
    expect(c?.toolCalls).toEqual([
      { id: 'call_a', name: 'get_weather', index: 0, arguments: '{"city":"Paris"}', argumentsValid: true, frames: [5, 6, 8] },
      { id: 'call_b', name: 'get_weather', index: 1, arguments: '{"city":"Oslo"}', argumentsValid: true, frames: [7, 9] }
    ])
    expect(s.misfits).toEqual([])
    expect(s.errors).toEqual([])
  })

  it('keeps a span per delta pointing at the frame that carried it', () => {
    const c = assemble(openAiChat).choices[0]
    expect(c?.spans).toEqual([
      { part: 'reasoning', start: 0, end: 11, frame: 1 },
      { part: 'reasoning', start: 11, end: 19, frame: 2 },
      { part: 'text', start: 0, end: 9, frame: 3 },
      { part: 'text', start: 9, end: 21, frame: 4 }
    ])
    expect(assemble(openAiChat).contentFrames).toEqual([1, 2, 3, 4])
  })

  it('keeps several choices apart when n > 1, each with its own finish reason', () => {
    const s = assemble(openAiChatN2)
    expect(s.choices.map((c) => [c.index, c.text, c.reasoning, c.finishReason])).toEqual([
      [0, 'A1', 'hm', 'stop'],
      [1, 'B1 B2', '', 'length']
    ])
  })

  it('records an in-band error chunk', () => {
    const s = assembleEvents([
      chunk('ok', 0),
      { type: 'message', data: '{"error":{"message":"Rate limit reached","type":"rate_limit_error"}}', index: 1 }
    ])
    expect(s.errors).toEqual([{ frame: 1, message: 'Rate limit reached', code: 'rate_limit_error' }])
    expect(s.choices[0]?.text).toBe('ok')
  })

  it('marks where JSON arguments broke when a stream is cut mid-call', () => {
    const s = assembleEvents([
      {
        type: 'message',
        data: '{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f","arguments":"{\\"a\\": [1, "}}]}}]}',
        index: 0
      }
    ])
    const call = s.choices[0]?.toolCalls[0]
    expect(call).toMatchObject({ arguments: '{"a": [1, ', argumentsValid: false })
    expect(call?.argumentsError).toMatch(/JSON/)
    expect(s.completed).toBe(false)
  })
})

describe('where the stream stops fitting', () => {
  it('keeps events after the end marker out of the answer, and says so once', () => {
    const done = { type: 'message', data: '[DONE]' }
    const s = assembleEvents([chunk('Hi', 0), { ...done, index: 1 }, chunk(' injected', 2), chunk(' more', 3), { ...done, index: 4 }])
    expect(s.choices[0]?.text).toBe('Hi')
    expect(s.completed).toBe(true)
    expect(s.misfits).toHaveLength(1)
    expect(s.misfits[0]).toMatchObject({ frame: 2, reason: expect.stringMatching(/after \[DONE\]/) as unknown })

    const anthropicEvents = splitEvents(anthropic)
    const stopAt = anthropicEvents.findIndex((e) => e.type === 'message_stop')
    const late = {
      type: 'content_block_delta',
      data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"late"}}'
    }
    const a = assembleEvents([...anthropicEvents.slice(0, stopAt + 1), { ...late, index: stopAt + 1 }])
    expect(a.choices[0]?.text).toBe(assemble(anthropic).choices[0]?.text)
    expect(a.misfits.at(-1)).toMatchObject({ frame: stopAt + 1, reason: expect.stringMatching(/after message_stop/) as unknown })
  })

  it('records a non-JSON chunk, a delta for an unknown tool call and a changed shape, and loses nothing', () => {
    const s = assemble(misfits)
    expect(s.dialect).toBe('openai-chat')
    expect(s.choices[0]?.text).toBe('Before and after')
    expect(s.choices[0]?.toolCalls).toMatchObject([{ index: 3, id: null, arguments: '{"x":1}', argumentsValid: true }])
    expect(s.misfits.map((m) => m.frame)).toEqual([1, 2, 3])
    expect(s.misfits[0]?.reason).toMatch(/not JSON \("upstream hiccup, retrying"\)/)
    expect(s.misfits[1]?.reason).toMatch(/never started/)
    expect(s.misfits[2]?.reason).toMatch(/no "choices" array/)
    expect(s.completed).toBe(true)
  })

  it('does not count events before the dialect is known as misfits (a plain stream is simply not an LLM one)', () => {
    const s = assembleEvents([
      { type: 'message', data: 'Mon Nov 30 2026', index: 0 },
      { type: 'tick', data: '{"seq":1}', index: 1 }
    ])
    expect(s).toMatchObject({ dialect: null, misfits: [], choices: [], completed: false, events: 2 })
  })

  it('records an error seen before the dialect is known', () => {
    const s = assembleEvents([
      { type: 'error', data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', index: 4 }
    ])
    expect(s.errors).toEqual([{ frame: 4, message: 'Overloaded', code: 'overloaded_error' }])
  })

  it('skips JSON that is not an object', () => {
    const s = assembleEvents([chunk('a', 0), { type: 'message', data: '[1,2]', index: 1 }, chunk('b', 2)])
    expect(s.choices[0]?.text).toBe('ab')
    expect(s.misfits).toMatchObject([{ frame: 1 }])
  })
})

describe('OpenAI Responses', () => {
  it('assembles summary reasoning, output text, function call arguments, usage, and completes on response.completed', () => {
    const s = assemble(responses)
    expect(s).toMatchObject({ dialect: 'openai-responses', completed: true, model: 'gpt-5', responseId: 'resp_1' })
    expect(s.usage).toEqual({ input_tokens: 9, output_tokens: 14, total_tokens: 23 })
    const c = s.choices[0]
    expect(c).toMatchObject({ text: 'Hello, world', reasoning: 'Think first.', finishReason: 'completed' })
    expect(c?.toolCalls).toEqual([
      { id: 'call_9', name: 'lookup', index: 2, arguments: '{"q":"sse"}', argumentsValid: true, frames: [8, 9, 10, 11] }
    ])
    expect(s.misfits).toEqual([])
  })

  it('response.failed is an in-band error, not a completion; the partial text stays', () => {
    const s = assemble(responsesFailed)
    expect(s.completed).toBe(false)
    expect(s.errors).toEqual([{ frame: 2, message: 'The model crashed.', code: 'server_error' }])
    expect(s.choices[0]).toMatchObject({ text: 'Partial', finishReason: 'failed' })
  })

  it('takes the arguments from .done when no delta arrived', () => {
    const s = assembleEvents([
      {
        type: 'response.output_item.added',
        data: '{"type":"response.output_item.added","output_index":0,"item":{"type":"function_call","call_id":"c1","name":"f","arguments":""}}',
        index: 0
      },
      {
        type: 'response.function_call_arguments.done',
        data: '{"type":"response.function_call_arguments.done","output_index":0,"arguments":"{}"}',
        index: 1
      }
    ])
    expect(s.choices[0]?.toolCalls[0]).toMatchObject({ id: 'c1', arguments: '{}', argumentsValid: true })
  })
})

describe('Anthropic Messages', () => {
  it('assembles thinking, text and tool input from input_json_delta, merges usage, completes on message_stop', () => {
    const s = assemble(anthropic)
    expect(s).toMatchObject({ dialect: 'anthropic', completed: true, model: 'claude-sonnet-4-5', responseId: 'msg_01' })
    expect(s.usage).toEqual({ input_tokens: 25, output_tokens: 89 })
    const c = s.choices[0]
    expect(c).toMatchObject({ text: 'Let me check.', reasoning: 'Need the tool.', finishReason: 'tool_use' })
    expect(c?.toolCalls).toEqual([
      {
        id: 'toolu_01',
        name: 'get_weather',
        index: 2,
        arguments: '{"location": "San Francisco"}',
        argumentsValid: true,
        frames: [10, 11, 12, 13]
      },
      // A tool called with no input streams no delta: its input is the start's {}.
      { id: 'toolu_02', name: 'get_time', index: 3, arguments: '{}', argumentsValid: true, frames: [15, 16] }
    ])
    expect(s.misfits).toEqual([])
  })

  it('records an in-band error and keeps the half answer', () => {
    const s = assemble(anthropicError)
    expect(s.completed).toBe(false)
    expect(s.errors).toEqual([{ frame: 3, message: 'Overloaded', code: 'overloaded_error' }])
    expect(s.choices[0]?.text).toBe('Half an ans')
  })

  it('keeps a delta for a block that never started apart from the answer, and says so', () => {
    const delta = (index: number, text: string) =>
      `{"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}`
    const s = assembleEvents([
      { type: 'message_start', data: '{"type":"message_start","message":{"id":"m"}}', index: 0 },
      { type: 'content_block_start', data: '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}', index: 1 },
      { type: 'content_block_delta', data: delta(0, 'Good'), index: 2 },
      { type: 'content_block_delta', data: delta(5, 'orphan'), index: 3 },
      { type: 'content_block_delta', data: delta(0, 'bye'), index: 4 }
    ])
    expect(s.choices.find((c) => c.index === 0)?.text).toBe('Goodbye')
    expect(s.choices.find((c) => c.index === 5)?.text).toBe('orphan')
    expect(s.misfits).toMatchObject([
      { frame: 3, reason: expect.stringMatching(/block 5, which never started; it is kept apart \(as choice 5\)/) }
    ])
  })
})

describe('Gemini', () => {
  it('assembles thought parts as reasoning, text, whole function calls, finishReason and usageMetadata', () => {
    const s = assemble(gemini)
    expect(s).toMatchObject({ dialect: 'gemini', completed: true, model: 'gemini-2.5-flash', responseId: 'r-1' })
    expect(s.usage).toMatchObject({ candidatesTokenCount: 12, totalTokenCount: 25 })
    const c = s.choices[0]
    expect(c).toMatchObject({ text: 'The sky is blue.', reasoning: 'Weighing options.', finishReason: 'STOP' })
    expect(c?.toolCalls).toEqual([{ id: null, name: 'paint', index: 0, arguments: '{"color":"blue"}', argumentsValid: true, frames: [2] }])
  })
})

describe('Vercel AI SDK UI message stream', () => {
  it('assembles reasoning, text and tool input deltas, and completes', () => {
    const s = assemble(aiSdk)
    expect(s).toMatchObject({ dialect: 'ai-sdk', completed: true, responseId: 'msg-abc' })
    const c = s.choices[0]
    expect(c).toMatchObject({ text: 'Hi there', reasoning: 'Plan.', finishReason: 'stop' })
    expect(c?.toolCalls).toEqual([
      { id: 'call_1', name: 'search', index: 0, arguments: '{"q":"x"}', argumentsValid: true, frames: [9, 10, 11, 12] }
    ])
    expect(s.misfits).toEqual([])
  })
})

describe('custom rules and forced dialects', () => {
  it('reads text and reasoning with JSONPath expressions', () => {
    const s = assemble(custom, { custom: { text: '$.out.text', reasoning: "$['out'].think" } })
    expect(s).toMatchObject({ dialect: 'custom', dialectForced: true, completed: true })
    expect(s.choices[0]).toMatchObject({ text: 'Custom answer', reasoning: 'Hmm. Done.' })
  })

  it('rejects an unsupported expression before any event, saying what is supported', () => {
    expect(() => new LlmAssembler({ custom: { text: '$..text' } })).toThrow(JsonPathError)
    expect(() => new LlmAssembler({ dialect: 'custom' })).toThrow(/needs a rule/)
  })

  it('a forced dialect reads a stream detection would place elsewhere, and reports what does not fit', () => {
    const s = assemble(openAiChat, { dialect: 'anthropic' })
    expect(s).toMatchObject({ dialect: 'anthropic', dialectForced: true, choices: [] })
    expect(s.misfits.length).toBeGreaterThan(5)
  })
})

describe('text assembly', () => {
  it('joins a surrogate pair split across two deltas, and combining marks', () => {
    const grin = '\u{1F600}' // two UTF-16 units: \uD83D \uDE00
    const s = assembleEvents([chunk(grin[0] as string, 0), chunk(grin[1] as string, 1), chunk('e', 2), chunk('\u0301!', 3)])
    const text = s.choices[0]?.text ?? ''
    expect(text).toBe('\u{1F600}e\u0301!')
    expect([...text]).toEqual(['\u{1F600}', 'e', '\u0301', '!'])
    expect(text.normalize('NFC')).toBe('\u{1F600}\u00e9!')
    expect(s.choices[0]?.spans.map((x) => [x.start, x.end, x.frame])).toEqual([
      [0, 1, 0],
      [1, 2, 1],
      [2, 3, 2],
      [3, 5, 3]
    ])
  })

  it('assembles a 10 MB answer in linear work: each character is copied a bounded number of times', () => {
    const assembler = new LlmAssembler()
    const piece = 'abcdefghij'.repeat(10) // 100 characters
    const deltas = 100_000 // 10 MB of text
    for (let i = 0; i < deltas; i++) {
      assembler.push(chunk(piece, i))
      // A UI reads the snapshot now and then, not on every event.
      if (i % 10_000 === 0) assembler.snapshot()
    }
    const s = assembler.snapshot()
    const text = s.choices[0]?.text ?? ''
    expect(text.length).toBe(10_000_000)
    expect(s.contentChars).toBe(10_000_000)
    expect(s.choices[0]?.spans).toHaveLength(deltas)
    expect(s.contentFrames).toHaveLength(deltas)
    // Each character joined exactly once over 11 snapshots; re-copying on every delta would be
    // 100,000 × 5 M on average, and on every snapshot 11 × 5 M.
    const buffer = (assembler as unknown as { draft: { choice: (i: number) => { text: { copiedUnits: number } } } }).draft.choice(0).text
    expect(buffer.copiedUnits).toBe(10_000_000)
  })

  it('announces each piece as it is assembled, tool arguments included, in arrival order', () => {
    const deltas: LlmDelta[] = []
    assembleEvents(splitEvents(anthropic), { onDelta: (d) => deltas.push(d) })
    expect(deltas.map((d) => [d.part, d.text, d.frame])).toEqual([
      ['reasoning', 'Need the tool.', 2],
      ['text', 'Let me ', 7],
      ['text', 'check.', 8],
      ['tool-arguments', '{"location": "San', 12],
      ['tool-arguments', ' Francisco"}', 13],
      ['tool-arguments', '{}', 16]
    ])
    expect(deltas[3]).toMatchObject({ tool: { index: 2, id: 'toolu_01', name: 'get_weather' } })
  })

  it('returns the same snapshot object until the next push', () => {
    const assembler = new LlmAssembler()
    assembler.push(chunk('a', 0))
    const first = assembler.snapshot()
    expect(assembler.snapshot()).toBe(first)
    assembler.push(chunk('b', 1))
    expect(assembler.snapshot()).not.toBe(first)
    expect(first.choices[0]?.text).toBe('a')
  })
})
