import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { DemoServer } from '../demo-server/demo-server'
import { ANSWER_TEXT } from '../demo-server/llm-answer'
import { SSE_HEADERS, startLocalServer, type LocalServer } from '../testing/local-server'
import { AnswerPrinter } from './assemble-output'
import type { CommandContext } from './command-context'
import { main } from './index'
import { runParse } from './parse-command'
import { NO_COLORS } from './terminal-format'

const FIXTURES = join(import.meta.dirname, '../../shared/llm/fixtures')
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8')

function capture() {
  const out: string[] = []
  const err: string[] = []
  const ctx: CommandContext = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), untilInterrupted: () => new Promise(() => {}) }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a summary line off stdout; expect checks its shape
  return { ctx, out, err, last: () => JSON.parse(out[out.length - 1] ?? 'null') as Record<string, any> }
}

let server: LocalServer | null = null
let demo: DemoServer | null = null
afterEach(async () => {
  await server?.close()
  await demo?.stop()
  server = null
  demo = null
})

/** A loopback API that answers every request with a captured stream. */
async function serveCapture(name: string): Promise<LocalServer> {
  server = await startLocalServer((req, res) => {
    req.resume()
    res.writeHead(200, SSE_HEADERS)
    res.end(fixture(name))
  })
  return server
}

describe('tail --assemble', () => {
  it('prints the answer with reasoning and tool calls labelled, then how it ended and its timing; POSTs once', async () => {
    const api = await serveCapture('anthropic.sse')
    const { ctx, out, err } = capture()
    expect(await main(['tail', api.url, '-X', 'POST', '-d', '{"stream":true}', '--assemble'], ctx)).toBe(0)
    expect(out.slice(0, 3)).toEqual([
      'reasoning ▸ Need the tool.',
      'answer ▸ Let me check.',
      'tool call get_weather (toolu_01) ▸ {"location": "San Francisco"}'
    ])
    expect(out).toContain('tool call get_time (toolu_02) ▸ {}')
    expect(out.find((l) => l.startsWith('──'))).toBe('── anthropic · completed · finish tool_use')
    expect(out.find((l) => l.includes('first token'))).toMatch(/ttfb \d+ ms · first token \d+ ms · total \d+ ms · 3 chunks/)
    expect(out).toContain('   usage {"input_tokens":25,"output_tokens":89}')
    // How the connection went is on stderr, so stdout holds only the answer.
    expect(err.some((l) => l.includes('closed: The answer completed (message_stop arrived)'))).toBe(true)
    expect(api.requests).toHaveLength(1)
  })

  it('escapes control characters in the answer but keeps its line breaks', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`
      res.end(chunk('line one\n\u001b[31mred') + chunk('\u0007 two\r\nend') + 'data: [DONE]\n\n')
    })
    const { ctx, out } = capture()
    expect(await main(['tail', server.url, '--assemble'], ctx)).toBe(0)
    expect(out.slice(0, 3)).toEqual(['line one', '\\x1b[31mred\\x07 two', 'end'])
  })

  it('after a reconnection assembles and times the new answer, marking where it starts again', async () => {
    server = await startLocalServer((_req, res, index) => {
      res.writeHead(200, SSE_HEADERS)
      const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`
      // Every other request is cut short, so each of the two runs below reconnects once.
      if (index % 2 === 0) res.end(`retry: 1\n${chunk('Hal')}`)
      else res.end(`${chunk('Whole')}${chunk(' answer')}data: [DONE]\n\n`)
    })
    const { ctx, out } = capture()
    expect(await main(['tail', server.url, '--assemble', '--reconnect', 'spec'], ctx)).toBe(0)
    expect(out.slice(0, 3)).toEqual(['Hal', '↻ reconnected: the answer starts again', 'Whole answer'])
    const summary = capture()
    expect(await main(['tail', server.url, '--summary', '--reconnect', 'spec'], summary.ctx)).toBe(0)
    expect(summary.last().llm).toMatchObject({ text: 'Whole answer', completed: true })
    expect(summary.last().timing.chunks).toBe(2)
    expect(server.requests).toHaveLength(4)
  })

  it('says so when the stream holds no LLM answer', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('data: hello\n\n')
    })
    const { ctx, out } = capture()
    expect(await main(['tail', server.url, '--assemble', '--no-reconnect'], ctx)).toBe(0)
    expect(out.join('\n')).toMatch(/No LLM answer found.*--dialect.*--text-path/)
  })

  it("follows the demo server's LLM payload to the end", async () => {
    demo = new DemoServer({ port: 0 })
    const { url } = await demo.start()
    const { ctx, out } = capture()
    expect(await main(['tail', `${url}?payload=openai&tps=2000`, '-X', 'POST', '-d', '{}', '--assemble'], ctx)).toBe(0)
    expect(out[0]).toBe(ANSWER_TEXT)
    expect(out[1]).toBe('tool call get_weather (call_demo_1) ▸ {"city": "Paris", "unit": "celsius"}')
    expect(out[2]).toBe('── openai-chat · completed · finish tool_calls')
  })
})

describe('tail --summary', () => {
  it('ends with one JSON line holding the counts, the llm answer and its timing', async () => {
    const api = await serveCapture('openai-chat.sse')
    const { ctx, out, last } = capture()
    expect(await main(['tail', api.url, '--summary'], ctx)).toBe(0)
    expect(out).toHaveLength(1)
    const summary = last()
    expect(summary).toMatchObject({ events: 13, comments: 1, types: { message: 13 } })
    expect(summary.llm).toMatchObject({
      dialect: 'openai-chat',
      text: 'Checking both cities.',
      reasoning: 'User wants weather.',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}', argumentsValid: true },
        { id: 'call_b', name: 'get_weather', arguments: '{"city":"Oslo"}', argumentsValid: true }
      ],
      finishReason: 'tool_calls',
      usage: { prompt_tokens: 20, completion_tokens: 31, total_tokens: 51 },
      completed: true
    })
    expect(Object.keys(summary.timing)).toEqual(
      expect.arrayContaining(['ttfbMs', 'firstEventMs', 'ttftMs', 'durationMs', 'chunks', 'gapP50Ms', 'gapP95Ms', 'gapMaxMs'])
    )
    expect(summary.timing.chunks).toBe(4)
    expect(summary.timing.ttfbMs).toBeGreaterThanOrEqual(0)
    expect(summary.timing.ttftMs).toBeGreaterThanOrEqual(summary.timing.ttfbMs)
    // A GET under the default spec policy, and still one request: the answer completed.
    expect(api.requests).toHaveLength(1)
  })

  it('--json --summary prints the frames, then the summary line', async () => {
    const api = await serveCapture('gemini.sse')
    const { ctx, out, last } = capture()
    expect(await main(['tail', api.url, '--json', '--summary'], ctx)).toBe(0)
    expect(JSON.parse(out[0] as string)).toMatchObject({ kind: 'connecting' })
    expect(last().llm).toMatchObject({ dialect: 'gemini', text: 'The sky is blue.', completed: true })
  })
})

describe('parse --summary with LLM captures', () => {
  it.each([
    ['openai-responses.sse', 'openai-responses', 'Hello, world'],
    ['anthropic.sse', 'anthropic', 'Let me check.'],
    ['gemini.sse', 'gemini', 'The sky is blue.'],
    ['ai-sdk.sse', 'ai-sdk', 'Hi there']
  ])('%s: llm.dialect %s', async (name, dialect, text) => {
    const { ctx, last } = capture()
    expect(await main(['parse', join(FIXTURES, name), '--summary'], ctx)).toBe(0)
    expect(last().llm).toMatchObject({ dialect, text, completed: true })
    // A capture has no connecting frame: times since connecting are unknown, not zero; so are the
    // gaps between chunks, which only say how fast the file was read.
    expect(last().timing).toMatchObject({
      ttfbMs: null,
      ttftMs: null,
      charsPerSecond: null,
      gapP50Ms: null,
      gapP95Ms: null,
      gapMaxMs: null,
      stalls: []
    })
    expect(last().timing.chunks).toBeGreaterThan(0)
  })

  it('a plain capture has llm.dialect null', async () => {
    const { ctx, last } = capture()
    expect(await main(['parse', join(import.meta.dirname, 'fixtures/capture.sse'), '--summary'], ctx)).toBe(0)
    expect(last()).toMatchObject({ events: 2, llm: { dialect: null, text: '', completed: false } })
  })

  it('--text-path and --reasoning-path read a custom stream; --dialect forces one', async () => {
    const custom = capture()
    const file = join(FIXTURES, 'custom.sse')
    expect(await main(['parse', file, '--summary', '--text-path', '$.out.text', '--reasoning-path', '$.out.think'], custom.ctx)).toBe(0)
    expect(custom.last().llm).toMatchObject({ dialect: 'custom', text: 'Custom answer', reasoning: 'Hmm. Done.', completed: true })
    const forced = capture()
    expect(await main(['parse', join(FIXTURES, 'openai-chat.sse'), '--summary', '--dialect', 'gemini'], forced.ctx)).toBe(0)
    expect(forced.last().llm.dialect).toBe('gemini')
    expect(forced.last().llm.misfits.length).toBeGreaterThan(0)
  })

  it('parse --assemble prints the answer of a capture', async () => {
    const { ctx, out } = capture()
    expect(await main(['parse', join(FIXTURES, 'ai-sdk.sse'), '--assemble'], ctx)).toBe(0)
    expect(out.slice(0, 3)).toEqual(['reasoning ▸ Plan.', 'answer ▸ Hi there', 'tool call search (call_1) ▸ {"q":"x"}'])
  })

  it.each([
    [['--dialect', 'bogus'], /Unknown dialect "bogus".*openai-chat, openai-responses/],
    [['--text-path', '$..x'], /recursive descent/],
    [['--dialect', 'anthropic', '--text-path', '$.x'], /cannot be combined with --dialect anthropic/],
    [['--dialect', 'custom'], /--dialect custom needs --text-path/],
    [['--summary', '--assemble'], /Choose one of/]
  ])('rejects %j with a clear message', async (flags, message) => {
    const { ctx, err } = capture()
    expect(await main(['parse', join(FIXTURES, 'custom.sse'), ...flags], ctx)).toBe(2)
    expect(err.join('\n')).toMatch(message)
  })
})

describe('hostile LLM streams', () => {
  it('escapes control characters in tool names, ids, reasons, errors and usage too', async () => {
    const esc = '\u001b]0;pwned\u0007'
    const chunk = (o: object) => `data: ${JSON.stringify(o)}\n\n`
    const stdin = new PassThrough()
    stdin.end(
      chunk({
        choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: `id${esc}`, function: { name: `n${esc}`, arguments: `{${esc}` } }] } }]
      }) +
        chunk({ choices: [{ index: 0, delta: {}, finish_reason: `stop${esc}` }], usage: { note: esc } }) +
        chunk({ error: { message: `bad${esc}` } })
    )
    const { ctx, out, err } = capture()
    expect(await runParse({ source: '-', output: 'assemble', palette: NO_COLORS, stdin }, ctx)).toBe(0)
    const printed = [...out, ...err].join('\n')
    // eslint-disable-next-line no-control-regex -- looking for control characters is the test
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    expect(printed).toContain('tool call n\\x1b]0;pwned\\x07 (id\\x1b]0;pwned\\x07) ▸ {\\x1b]0;pwned\\x07')
    expect(printed).toContain('finish stop\\x1b]0;pwned\\x07')
    expect(printed).toMatch(/error in frame 2: bad\\x1b/)
  })
})

describe('AnswerPrinter', () => {
  it('writes pieces as they come and never splits a surrogate pair across writes', () => {
    const writes: string[] = []
    const printer = new AnswerPrinter((t) => writes.push(t), NO_COLORS)
    const emoji = '\u{1F44D}'
    printer.delta({ part: 'text', choice: 0, text: `ok ${emoji[0]}`, frame: 1 })
    printer.delta({ part: 'text', choice: 0, text: `${emoji[1]}!`, frame: 2 })
    printer.end()
    expect(writes).toEqual(['ok ', `${emoji}!`, '\n'])
    // No write holds a lone surrogate (which the terminal would get as U+FFFD).
    expect(writes.some((w) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(w))).toBe(false)
  })

  it('shows a surrogate whose other half never came as U+FFFD', () => {
    const writes: string[] = []
    const printer = new AnswerPrinter((t) => writes.push(t), NO_COLORS)
    printer.delta({ part: 'text', choice: 0, text: 'cut \uD83D', frame: 1 })
    printer.end()
    expect(writes.join('')).toBe('cut \uFFFD\n')
  })

  it('labels each choice when there are several', () => {
    const writes: string[] = []
    const printer = new AnswerPrinter((t) => writes.push(t), NO_COLORS)
    printer.delta({ part: 'text', choice: 0, text: 'A', frame: 0 })
    printer.delta({ part: 'text', choice: 1, text: 'B', frame: 0 })
    printer.end()
    expect(writes.join('')).toBe('A\n[choice 1] answer ▸ B\n')
  })
})
