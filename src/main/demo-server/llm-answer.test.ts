import { afterEach, describe, expect, it } from 'vitest'
import { assembleEvents } from '../../shared/llm/assembler'
import type { LlmEventInput } from '../../shared/llm/types'
import { clientHarness, ofKind } from '../testing/client-harness'
import { manualClock } from '../testing/manual-clock'
import { DemoServer } from './demo-server'
import { ANSWER_TEXT, ANSWER_TOOL, answerEvents, answerTokens } from './llm-answer'
import { LlmAnswerStream } from './llm-answer-stream'
import type { StreamClient } from './stream-client'
import { parseStreamQuery } from './stream-query'
import { EventStreamParser } from '../sse/parser'
import type { Frame } from '../../shared/frames'

/** The events of an answer as the inspector's own parser reads them. */
function parseWire(wire: string): LlmEventInput[] {
  const events: LlmEventInput[] = []
  const parser = new EventStreamParser((f) => {
    if (f.kind === 'event') events.push({ type: f.type, data: f.data, index: events.length })
  })
  parser.feed(Buffer.from(wire))
  parser.end()
  return events
}

describe('canned LLM answers', () => {
  it.each(['openai', 'anthropic'] as const)('%s: assembles into the answer text, a valid tool call and a completed answer', (kind) => {
    const events = parseWire(
      answerEvents(kind)
        .map((e) => e.wire)
        .join('')
    )
    const s = assembleEvents(events)
    expect(s).toMatchObject({ dialect: kind === 'openai' ? 'openai-chat' : 'anthropic', completed: true, misfits: [], errors: [] })
    const choice = s.choices[0]
    expect(choice?.text).toBe(ANSWER_TEXT)
    expect(choice?.toolCalls).toMatchObject([
      { name: ANSWER_TOOL.name, arguments: ANSWER_TOOL.argumentPieces.join(''), argumentsValid: true }
    ])
    expect(choice?.finishReason).toBe(kind === 'openai' ? 'tool_calls' : 'tool_use')
    if (kind === 'anthropic') expect(choice?.reasoning).toBe('The user wants SSE explained briefly.')
    expect(s.usage).not.toBeNull()
  })
})

/** A stand-in for the response side: what was written, and whether it was ended. */
function fakeClient() {
  const writes: string[] = []
  let ended: string | null = null
  const client = {
    get isClosed() {
      return ended !== null
    },
    write: (chunk: string) => writes.push(chunk),
    end: (reason: string) => (ended = reason)
  }
  return { client: client as unknown as StreamClient, writes, ended: () => ended }
}

describe('LlmAnswerStream pacing', () => {
  it('sends the first token at once, then one token per 1/tps s, then the rest and ends', () => {
    const clock = manualClock()
    const { client, writes, ended } = fakeClient()
    const stream = new LlmAnswerStream(client, 'openai', 10, clock)
    stream.start()
    const tokens = () => writes.filter((w) => w.includes('"content":"') && !w.includes('"content":""')).length
    expect(tokens()).toBe(1)
    clock.runUntil(1000)
    expect(tokens()).toBe(11)
    const total = answerTokens().length + ANSWER_TOOL.argumentPieces.length
    clock.runUntil(100 * total)
    expect(writes.at(-1)).toBe('data: [DONE]\n\n')
    expect(writes).toHaveLength(answerEvents('openai').length)
    expect(ended()).toBe('answer complete')
    expect(clock.pending()).toBe(0)
  })

  it('holds while stalled and carries on after', () => {
    const clock = manualClock()
    const { client, writes } = fakeClient()
    const stream = new LlmAnswerStream(client, 'anthropic', 100, clock)
    stream.start()
    const before = writes.length
    stream.setStalled(true)
    clock.runUntil(500)
    expect(writes).toHaveLength(before)
    stream.setStalled(false)
    clock.runUntil(510)
    expect(writes.length).toBeGreaterThan(before)
  })
})

const { run, cleanup } = clientHarness()
let server: DemoServer | null = null
afterEach(async () => {
  await cleanup()
  await server?.stop()
  server = null
})

async function startServer(config: ConstructorParameters<typeof DemoServer>[0] = {}) {
  const clock = manualClock()
  server = new DemoServer({ port: 0, clock, ...config })
  const status = await server.start()
  return { clock, url: status.url as string, server }
}

const events = (frames: Frame[]) => ofKind(frames, 'event').map((f, index) => ({ type: f.type, data: f.data, index }))

describe('the demo server speaks LLM', () => {
  it('answers a POST (body ignored) with an OpenAI-shaped answer that completes, requested once', async () => {
    const { clock, url, server: demo } = await startServer()
    const clients: number[] = []
    demo.onClientEvent((e) => e.type === 'connect' && clients.push(e.client.id))
    const { until, frames } = run({ url: `${url}?payload=openai&tps=50`, method: 'POST', body: '{"messages":[]}', reconnect: 'spec' })
    await until((f) => ofKind(f, 'event').length >= 1)
    clock.runUntil(60_000)
    await until((f) => f.some((x) => x.kind === 'close'))
    expect(assembleEvents(events(frames))).toMatchObject({ dialect: 'openai-chat', completed: true, choices: [{ text: ANSWER_TEXT }] })
    expect(ofKind(frames, 'close')[0]).toMatchObject({ completed: true })
    expect(ofKind(frames, 'error')).toEqual([])
    expect(clients).toHaveLength(1)
  })

  it('answers a GET in the Anthropic shape when the server config says so', async () => {
    const { clock, url } = await startServer({ config: { payload: 'anthropic', tokensPerSecond: 5 } })
    const { until, frames } = run({ url })
    await until((f) => ofKind(f, 'event').length >= 1)
    clock.runUntil(60_000)
    await until((f) => f.some((x) => x.kind === 'close'))
    const s = assembleEvents(events(frames))
    expect(s).toMatchObject({ dialect: 'anthropic', completed: true })
    expect(ofKind(frames, 'event')[0]?.type).toBe('message_start')
  })

  it('close-after injection cuts the answer midway: no completion, nothing assembled is lost', async () => {
    const { clock, url, server: demo } = await startServer()
    demo.inject({ type: 'close-after', events: 6 })
    const { until, frames } = run({ url: `${url}?payload=openai`, method: 'POST', body: '{}' })
    await until((f) => ofKind(f, 'event').length >= 1)
    clock.runUntil(60_000)
    await until((f) => f.some((x) => x.kind === 'close'))
    const s = assembleEvents(events(frames))
    expect(ofKind(frames, 'event')).toHaveLength(6)
    expect(s.completed).toBe(false)
    expect(s.choices[0]?.text).toBe(answerTokens().slice(0, 5).join(''))
    // POST without a policy: reconnect is off, so the cut answer is reported, not re-requested.
    expect(ofKind(frames, 'error')).toMatchObject([{ message: 'The server ended the stream.' }])
    expect(ofKind(frames, 'reconnect')).toEqual([])
  })

  it('still refuses a POST on the plain stream, saying which payloads take one', async () => {
    const { url } = await startServer()
    const res = await fetch(url, { method: 'POST', body: 'x' })
    expect(res.status).toBe(405)
    expect(await res.text()).toMatch(/POST with payload=openai or payload=anthropic/)
  })
})

describe('the tps query parameter', () => {
  it('sets the pace and rejects what is not a positive number', () => {
    const ok = parseStreamQuery(new URLSearchParams('payload=anthropic&tps=2.5'))
    expect(ok.ok && ok.query.overrides).toEqual({ payload: 'anthropic', tokensPerSecond: 2.5 })
    const bad = parseStreamQuery(new URLSearchParams('tps=0'))
    expect(!bad.ok && bad.error).toMatch(/^Bad query parameter tps="0".*tps is LLM payloads/)
  })
})
