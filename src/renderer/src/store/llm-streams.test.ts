import { beforeEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../../shared/frames'
import openAiChat from '../../../shared/llm/fixtures/openai-chat.sse?raw'
import { splitEvents } from '../../../shared/llm/fixtures/split-events'
import {
  MAX_RESPONSES,
  DETECT_WITHIN_EVENTS,
  ingestLlmFrames,
  isLlmResponse,
  llmResponse,
  llmStalls,
  resetLlmStreams,
  setStallMs,
  useLlmStore
} from './llm-streams'

const connecting = (connectionId: string, time: number, attempt = 0): Frame => ({
  kind: 'connecting',
  connectionId,
  time,
  url: 'http://127.0.0.1/v1/chat/completions',
  method: 'POST',
  attempt
})
const event = (connectionId: string, time: number, data: string, type = 'message'): Frame => ({
  kind: 'event',
  connectionId,
  time,
  type,
  data,
  lastEventId: ''
})

beforeEach(() => resetLlmStreams())

describe('ingestLlmFrames', () => {
  it('assembles an answer batch by batch and maps text back to frame sequence numbers', () => {
    const events = splitEvents(openAiChat)
    const frames: Frame[] = [
      connecting('a', 1000),
      { kind: 'open', connectionId: 'a', time: 1040, status: 200, headers: {}, url: 'x' },
      ...events.map((e, i) => event('a', 1100 + i * 10, e.data, e.type))
    ]
    // Frames 0..4 of the log belong to something else: sequence numbers are not indices.
    const firstSeq = 5
    ingestLlmFrames(frames.slice(0, 5), firstSeq)
    const before = llmResponse('a')?.snapshot().choices[0]?.text ?? ''
    ingestLlmFrames(frames.slice(5), firstSeq + 5)
    const response = llmResponse('a')
    expect(isLlmResponse(response)).toBe(true)
    const snapshot = response!.snapshot()
    expect(snapshot.dialect).toBe('openai-chat')
    expect(snapshot.completed).toBe(true)
    const choice = snapshot.choices[0]!
    expect(choice.text.startsWith(before)).toBe(true)
    expect(choice.text).toContain('Checking both cities.')
    expect(choice.toolCalls.map((t) => t.name)).toEqual(['get_weather', 'get_weather'])
    // "Checking " came in the 4th event, which is frame 2 + 3 of the batch.
    const first = choice.spans.find((s) => s.part === 'text')!
    expect(response!.seqOf(first.frame)).toBe(firstSeq + 2 + 3)
    expect(response!.indexOfSeq(firstSeq + 2 + 3)).toBe(first.frame)
    const timing = response!.timing(1000)
    expect(timing.ttfbMs).toBe(40)
    expect(timing.ttftMs).toBe(110)
    expect(useLlmStore.getState().versions['a']).toBe(2)
  })

  it('starts a new answer on each connection attempt', () => {
    ingestLlmFrames([connecting('a', 0), event('a', 10, '{"choices":[{"index":0,"delta":{"content":"one"}}]}')], 0)
    ingestLlmFrames([connecting('a', 100, 1), event('a', 110, '{"choices":[{"index":0,"delta":{"content":"two"}}]}')], 2)
    expect(llmResponse('a')?.snapshot().choices[0]?.text).toBe('two')
  })

  it('keeps the answers of the most recent connections only', () => {
    const chunk = '{"choices":[{"index":0,"delta":{"content":"hi"}}]}'
    for (let i = 0; i <= MAX_RESPONSES; i++) ingestLlmFrames([connecting(`c${i}`, i), event(`c${i}`, i + 1, chunk)], i * 2)
    expect(llmResponse('c0')).toBeUndefined()
    expect(llmResponse('c1')?.snapshot().choices[0]?.text).toBe('hi')
    expect(llmResponse(`c${MAX_RESPONSES}`)?.snapshot().choices[0]?.text).toBe('hi')
  })

  it('stops tracking a stream that shows no LLM dialect', () => {
    const frames = [connecting('t', 0), ...Array.from({ length: DETECT_WITHIN_EVENTS }, (_, i) => event('t', i, String(i), 'tick'))]
    ingestLlmFrames(frames, 0)
    expect(llmResponse('t')).toBeUndefined()
    const versions = useLlmStore.getState().versions['t']
    ingestLlmFrames([event('t', 999, '{"choices":[{"index":0,"delta":{"content":"late"}}]}')], frames.length)
    expect(useLlmStore.getState().versions['t']).toBe(versions)
  })

  it('reports stalls per connection at the threshold the user sets', () => {
    const chunk = (text: string): string => JSON.stringify({ choices: [{ index: 0, delta: { content: text } }] })
    ingestLlmFrames([connecting('s', 0), event('s', 100, chunk('a')), event('s', 300, chunk('b')), event('s', 1800, chunk('c'))], 0)
    expect(
      llmStalls()
        .get('s')
        ?.map((s) => s.gapMs)
    ).toEqual([1500])
    setStallMs(100)
    expect(
      llmStalls()
        .get('s')
        ?.map((s) => s.gapMs)
    ).toEqual([200, 1500])
  })
})
