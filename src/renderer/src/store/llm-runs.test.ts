import { beforeEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../../shared/frames'
import anthropic from '../../../shared/llm/fixtures/anthropic.sse?raw'
import openAiChat from '../../../shared/llm/fixtures/openai-chat.sse?raw'
import { splitEvents } from '../../../shared/llm/fixtures/split-events'
import {
  MAX_RUNS_PER_ENDPOINT,
  RUNS_STORAGE_KEY,
  addRun,
  endpointKey,
  keyForRequest,
  loadRuns,
  noteEndpoint,
  requestKey,
  setRunStorage,
  useLlmRuns,
  usageTokens,
  type LlmRun,
  type RunStorage
} from './llm-runs'
import { ingestLlmFrames, llmResponse, resetLlmStreams } from './llm-streams'

/** A Map standing in for localStorage; `full` makes setItem throw as a quota error does. */
class FakeStorage implements RunStorage {
  readonly items = new Map<string, string>()
  full = false
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new Error('QuotaExceededError')
    this.items.set(key, value)
  }
}

const URL_ = 'http://127.0.0.1:9/v1/chat/completions'

/** One whole answer on connection `id`: connecting, open, the fixture's events 10 ms apart, close. */
function answer(id: string, start: number, sse: string, close: Partial<Extract<Frame, { kind: 'close' }>> = {}): Frame[] {
  const events = splitEvents(sse)
  return [
    { kind: 'connecting', connectionId: id, time: start, url: URL_, method: 'POST', attempt: 0 },
    { kind: 'open', connectionId: id, time: start + 40, status: 200, headers: {}, url: URL_ },
    ...events.map((e, i): Frame => ({
      kind: 'event',
      connectionId: id,
      time: start + 100 + i * 10,
      type: e.type,
      data: e.data,
      lastEventId: ''
    })),
    { kind: 'close', connectionId: id, time: start + 100 + events.length * 10, reason: 'ended', ...close }
  ]
}

const run = (id: string, time = 0): LlmRun => ({
  id,
  time,
  status: 'completed',
  dialect: 'openai-chat',
  finishReason: 'stop',
  ttfbMs: 1,
  firstEventMs: 2,
  ttftMs: 3,
  durationMs: 4,
  chunks: 1,
  charsPerSecond: null,
  gapP50Ms: null,
  gapP95Ms: null,
  gapMaxMs: null,
  stalls: 0,
  inputTokens: null,
  outputTokens: null,
  totalTokens: null,
  answerChars: 5
})

let storage: FakeStorage
beforeEach(() => {
  storage = new FakeStorage()
  setRunStorage(storage)
  resetLlmStreams()
})

describe('recording runs', () => {
  it('records a finished answer once, as numbers only, under method + URL, and marks it as the response’s run', () => {
    let seq = 0
    const frames = answer('a', 1000, openAiChat, { completed: true })
    ingestLlmFrames(frames, seq)
    seq += frames.length
    const key = keyForRequest('POST', URL_)
    expect(key).toBe(`request:POST ${URL_}`)
    const runs = useLlmRuns.getState().runs[key]!
    expect(runs).toHaveLength(1)
    const [first] = runs
    expect(first).toMatchObject({
      id: 'a@1000',
      time: 1000,
      status: 'completed',
      dialect: 'openai-chat',
      finishReason: 'tool_calls',
      ttfbMs: 40,
      firstEventMs: 100,
      inputTokens: 20,
      outputTokens: 31,
      totalTokens: 51,
      answerChars: 'Checking both cities.'.length
    })
    expect(first!.ttftMs).toBeGreaterThan(100)
    expect(first!.chunks).toBeGreaterThan(1)
    expect(llmResponse('a')?.runId).toBe('a@1000')
    // Nothing of the answer's text, the request or its headers is stored.
    const stored = storage.getItem(RUNS_STORAGE_KEY)!
    expect(stored).not.toContain('Checking')
    expect(stored).not.toContain('get_weather')
    // A second end frame for the same answer records nothing more.
    ingestLlmFrames([{ kind: 'close', connectionId: 'a', time: 5000, reason: 'again' }], seq)
    expect(useLlmRuns.getState().runs[key]).toHaveLength(1)
  })

  it('files runs under the saved endpoint’s name, newest first, and tells ended from failed', () => {
    noteEndpoint('POST', URL_, 'claude')
    ingestLlmFrames(answer('a', 1000, anthropic), 0)
    const cut = answer('b', 9000, openAiChat).slice(0, 5)
    ingestLlmFrames(cut, 100)
    ingestLlmFrames([{ kind: 'close', connectionId: 'b', time: 9500, reason: 'ended' }], 200)
    ingestLlmFrames(answer('c', 20000, openAiChat).slice(0, 5), 300)
    ingestLlmFrames([{ kind: 'error', connectionId: 'c', time: 20500, message: 'socket hang up', fatal: true }], 400)
    const runs = useLlmRuns.getState().runs['endpoint:claude']!
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      ['c@20000', 'failed'],
      ['b@9000', 'closed'],
      // The end marker arrived though the close frame did not say so.
      ['a@1000', 'completed']
    ])
    expect(runs[2]).toMatchObject({ dialect: 'anthropic', finishReason: 'tool_use' })
  })

  it('records nothing for a stream that is not an LLM answer', () => {
    ingestLlmFrames(
      [
        { kind: 'connecting', connectionId: 'd', time: 0, url: URL_, method: 'GET', attempt: 0 },
        { kind: 'event', connectionId: 'd', time: 5, type: 'tick', data: '12:00', lastEventId: '' },
        { kind: 'close', connectionId: 'd', time: 9, reason: 'ended' }
      ],
      0
    )
    expect(useLlmRuns.getState().runs).toEqual({})
  })

  it('keeps the last runs of each endpoint only', () => {
    for (let i = 0; i < MAX_RUNS_PER_ENDPOINT + 3; i++) ingestLlmFrames(answer(`c${i}`, i * 10_000, openAiChat), i * 100)
    const runs = useLlmRuns.getState().runs[keyForRequest('POST', URL_)]!
    expect(runs).toHaveLength(MAX_RUNS_PER_ENDPOINT)
    expect(runs[0]!.id).toBe(`c${MAX_RUNS_PER_ENDPOINT + 2}`.concat(`@${(MAX_RUNS_PER_ENDPOINT + 2) * 10_000}`))
    expect(runs.at(-1)!.id).toBe('c3@30000')
  })
})

describe('persistence', () => {
  it('a reload reads back what was recorded', () => {
    ingestLlmFrames(answer('a', 1000, openAiChat, { completed: true }), 0)
    const before = useLlmRuns.getState().runs
    setRunStorage(null)
    expect(useLlmRuns.getState().runs).toEqual({})
    setRunStorage(storage)
    expect(useLlmRuns.getState().runs).toEqual(before)
  })

  it('drops what is not a run and survives a corrupt or foreign entry', () => {
    storage.setItem(RUNS_STORAGE_KEY, '{not json')
    expect(loadRuns(storage)).toEqual({})
    storage.setItem(RUNS_STORAGE_KEY, '[1,2]')
    expect(loadRuns(storage)).toEqual({})
    storage.setItem(RUNS_STORAGE_KEY, JSON.stringify({ k: [run('x'), { id: 3 }, null], j: 'no' }))
    expect(loadRuns(storage)).toEqual({ k: [run('x')] })
  })

  it('a full storage keeps the runs on screen', () => {
    storage.full = true
    ingestLlmFrames(answer('a', 1000, openAiChat), 0)
    expect(useLlmRuns.getState().runs[keyForRequest('POST', URL_)]).toHaveLength(1)
    expect(storage.getItem(RUNS_STORAGE_KEY)).toBeNull()
  })
})

describe('helpers', () => {
  it('addRun replaces a run of the same id and caps the list', () => {
    let book = addRun({}, 'k', run('a', 1))
    book = addRun(book, 'k', { ...run('a', 1), durationMs: 99 })
    expect(book.k).toEqual([{ ...run('a', 1), durationMs: 99 }])
    for (let i = 0; i < 20; i++) book = addRun(book, 'k', run(`r${i}`, 100 + i))
    expect(book.k!.map((r) => r.id)).toEqual(Array.from({ length: MAX_RUNS_PER_ENDPOINT }, (_, i) => `r${19 - i}`))
    // The same answer seen again keeps its place by time, not in front.
    book = addRun(book, 'k', run('r15', 115))
    expect(book.k!.map((r) => r.id).slice(0, 6)).toEqual(['r19', 'r18', 'r17', 'r16', 'r15', 'r14'])
  })

  it('reads tokens in each provider’s names', () => {
    expect(usageTokens({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 })).toEqual({
      inputTokens: 3,
      outputTokens: 4,
      totalTokens: 7
    })
    expect(usageTokens({ input_tokens: 3, output_tokens: 5 })).toEqual({ inputTokens: 3, outputTokens: 5, totalTokens: 8 })
    expect(usageTokens({ promptTokenCount: 1, candidatesTokenCount: 2, totalTokenCount: 4 })).toEqual({
      inputTokens: 1,
      outputTokens: 2,
      totalTokens: 4
    })
    expect(usageTokens(null)).toEqual({ inputTokens: null, outputTokens: null, totalTokens: null })
  })

  it('keeps credentials in the query out of the key', () => {
    const key = requestKey('post', 'https://g.example/v1/m:streamGenerateContent?alt=sse&key=AIzaSECRET')
    expect(key).not.toContain('AIzaSECRET')
    expect(key).toContain('alt=sse')
    expect(key.startsWith('POST ')).toBe(true)
    expect(endpointKey('mine', 'GET', 'x')).toBe('endpoint:mine')
  })
})
