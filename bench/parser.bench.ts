/**
 * Throughput of EventStreamParser against eventsource-parser (v4, fed through a streaming
 * TextDecoder, as its users do).
 *
 *   npx tsx bench/parser.bench.ts            # full run (well under 90 s on 2 cores)
 *   BENCH_MB=20 BENCH_RUNS=3 npx tsx bench/parser.bench.ts   # quicker
 *
 * Scenarios:
 *  1. A mixed corpus of >= 100 MB (LLM-token JSON events, multi-line typed events with ids and
 *     CRLF line endings, comments, retry fields, 200-byte payloads) in ~64 KiB chunks (60 KiB,
 *     see CHUNK). About one token in fifty is non-ASCII (é, —, 🙂), as in English chat output,
 *     so most chunks hold some UTF-8.
 *  2. The same kind of token stream where every token is non-ASCII (Chinese chat output), 30 MB:
 *     EventStreamParser's worst case, where it has to decode every chunk whole, as a TextDecoder
 *     does, and loses the advantage of working on bytes.
 *  3. One 16 MiB line (`data: ` + 16 MiB + `\n\n`) in 1,460-byte chunks (one TCP segment each).
 *
 * Each case is warmed up, then timed several times, the parsers taking turns; the table shows
 * the median and the best run. Both parsers must report the same number of events, or the run
 * fails (exit code 1).
 */
import { createParser } from 'eventsource-parser'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { EventStreamParser } from '../src/main/sse/parser'

// A full garbage collection before each timed run, so no run pays for another's garbage.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const MiB = 1024 * 1024
const TARGET_MB = Number(process.env.BENCH_MB ?? 100)
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
/**
 * "About 64 KiB": 60 KiB. At exactly 65,536 bytes, a mostly-ASCII chunk that holds one non-Latin-1
 * character decodes (TextDecoder) to a two-byte string just over V8's 128 KiB regular-object
 * limit, so every chunk string becomes a large object; eventsource-parser then runs several times
 * slower (it also copies each chunk once more to prepend the previous chunk's unfinished line),
 * which would flatter EventStreamParser. Set BENCH_CHUNK=65536 to see it.
 */
const CHUNK = Number(process.env.BENCH_CHUNK ?? 60 * 1024)
const encoder = new TextEncoder()

// ------------------------------------------------------------------------------------------------
// Corpus

/** A small deterministic PRNG (mulberry32), so every run parses the same bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = ['the', ' model', ' says', ' hello', ',', ' world', '!', ' streaming', ' tokens', '\\n', ' "quoted"', ' of', ' and', ' a']
const NON_ASCII_WORDS = [' café', ' —', ' 🙂', '…']
const CJK_WORDS = ['你好', '，', '世界', '。', '我们', '正在', '流式', '传输', '令牌', '東京']

/** About one MiB of mixed event-stream text; returns the text and how many events it holds. */
function buildUnit(seed: number): { text: string; events: number } {
  const rnd = prng(seed)
  const parts: string[] = []
  let size = 0
  let events = 0
  let id = 0
  const payload = 'x'.repeat(190)
  while (size < MiB) {
    const r = rnd()
    let block: string
    if (r < 0.7) {
      // LLM token stream (OpenAI style), LF endings.
      const words = rnd() < 0.02 ? NON_ASCII_WORDS : WORDS
      const tok = words[Math.floor(rnd() * words.length)]!
      block = `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${tok}"}}]}\n\n`
      events++
    } else if (r < 0.82) {
      // Multi-line typed event with an id, CRLF endings.
      id++
      block = `id: ${id}\r\nevent: update\r\ndata: {"seq":${id},\r\ndata:  "status":"ok",\r\ndata:  "items":[1,2,3]}\r\n\r\n`
      events++
    } else if (r < 0.92) {
      // A 200-byte payload.
      block = `data: ${payload}${String(id).padStart(4, '0')}\n\n`
      events++
    } else if (r < 0.97) {
      // Keep-alive comment, then an event with a comment inside it.
      block = `: keep-alive\n\nevent: ping\n: server time follows\ndata: ${Date.UTC(2025, 0, 1) + id}\n\n`
      events++
    } else {
      // A retry field on its own, then a plain event.
      block = `retry: ${1000 + Math.floor(rnd() * 9000)}\n\ndata: reconnect hint\n\n`
      events++
    }
    parts.push(block)
    size += block.length
  }
  return { text: parts.join(''), events }
}

/** About one MiB of LLM token events whose tokens are all Chinese. */
function buildCjkUnit(seed: number): { text: string; events: number } {
  const rnd = prng(seed)
  const parts: string[] = []
  let size = 0
  while (size < MiB) {
    const tok = CJK_WORDS[Math.floor(rnd() * CJK_WORDS.length)]!
    const block = `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${tok}"}}]}\n\n`
    parts.push(block)
    size += block.length
  }
  return { text: parts.join(''), events: parts.length }
}

function buildCorpus(targetBytes: number, unit: { text: string; events: number }): { bytes: Uint8Array; events: number } {
  const unitBytes = encoder.encode(unit.text)
  const copies = Math.ceil(targetBytes / unitBytes.length)
  const bytes = new Uint8Array(unitBytes.length * copies)
  for (let i = 0; i < copies; i++) bytes.set(unitBytes, i * unitBytes.length)
  return { bytes, events: unit.events * copies }
}

function chunk(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, Math.min(i + size, bytes.length)))
  return chunks
}

// ------------------------------------------------------------------------------------------------
// Runners: each parses all chunks and returns the number of events.

type Runner = (chunks: Uint8Array[]) => number

/*
 * Each runner keeps one parser for all its runs and ends (resets) it after each, as a client
 * does across reconnections: the runs then measure parsing, not a fresh parser's warm-up. (A new
 * EventStreamParser per run, with the previous one collected, costs V8 a round of
 * deoptimization and re-optimization each time, a fixed cost that would blur the comparison.)
 */

/** Diagnostics EventStreamParser reported: the corpora are clean, so this must stay 0. */
let diagnostics = 0

function ours(options: ConstructorParameters<typeof EventStreamParser>[1] = {}): Runner {
  let events = 0
  const parser = new EventStreamParser((frame) => {
    if (frame.kind === 'event') events++
    else if (frame.kind === 'diagnostic') diagnostics++
  }, options)
  return (chunks) => {
    events = 0
    for (const c of chunks) parser.feed(c)
    parser.end()
    return events
  }
}

function theirs(): Runner {
  let events = 0
  let sink = 0
  const parser = createParser({
    onEvent: () => {
      events++
    },
    onComment: (c) => {
      sink += c.length
    },
    onRetry: (ms) => {
      sink += ms
    }
  })
  return (chunks) => {
    events = 0
    const decoder = new TextDecoder()
    for (const c of chunks) parser.feed(decoder.decode(c, { stream: true }))
    const rest = decoder.decode()
    if (rest) parser.feed(rest)
    parser.reset()
    if (sink < 0) console.log(sink)
    return events
  }
}

interface Result {
  best: number
  median: number
  events: number
}

/**
 * Times each runner `runs` times after two warm-up runs. The runners take turns, round after
 * round, so that load from elsewhere on the machine falls on all of them alike.
 */
function measure(runners: Runner[], chunks: Uint8Array[], runs: number): Result[] {
  const times = runners.map((): number[] => [])
  const events = runners.map(() => 0)
  for (let round = -2; round < runs; round++) {
    runners.forEach((run, i) => {
      gc()
      const t0 = performance.now()
      events[i] = run(chunks)
      if (round >= 0) times[i]!.push(performance.now() - t0)
    })
  }
  return times.map((t, i) => {
    t.sort((a, b) => a - b)
    return { best: t[0]!, median: t[Math.floor(t.length / 2)]!, events: events[i]! }
  })
}

// ------------------------------------------------------------------------------------------------

interface Row {
  scenario: string
  parser: string
  'MB/s': string
  'events/s': string
  'best ms': string
  'median ms': string
  'speed vs eventsource-parser (median, best)': string
}

function row(scenario: string, name: string, bytes: number, r: Result, baseline?: Result): Row {
  const sec = r.median / 1000
  return {
    scenario,
    parser: name,
    'MB/s': (bytes / 1e6 / sec).toFixed(0),
    'events/s': Math.round(r.events / sec).toLocaleString('en-US'),
    'best ms': r.best.toFixed(1),
    'median ms': r.median.toFixed(1),
    'speed vs eventsource-parser (median, best)': baseline
      ? `${(baseline.median / r.median).toFixed(2)}x, ${(baseline.best / r.best).toFixed(2)}x`
      : '1.00x'
  }
}

function main(): void {
  const started = performance.now()
  const rows: Row[] = []
  let failed = false
  const check = (scenario: string, expected: number, results: Record<string, Result>): void => {
    for (const [name, r] of Object.entries(results)) {
      if (r.events !== expected) {
        console.error(`${scenario}: ${name} reported ${r.events} events, expected ${expected}`)
        failed = true
      }
    }
  }

  // 1. Mixed corpus, ~64 KiB chunks.
  const corpus = buildCorpus(TARGET_MB * 1e6, buildUnit(42))
  const corpusChunks = chunk(corpus.bytes, CHUNK)
  const mixedName = `mixed ${(corpus.bytes.length / 1e6).toFixed(0)} MB / ${CHUNK / 1024} KiB chunks`
  const [base1, raw1, noRaw1] = measure([theirs(), ours(), ours({ keepRaw: false })], corpusChunks, RUNS) as [Result, Result, Result]
  check(mixedName, corpus.events, { 'eventsource-parser': base1, ours: raw1, 'ours keepRaw:false': noRaw1 })
  rows.push(row(mixedName, 'eventsource-parser 4 + TextDecoder', corpus.bytes.length, base1))
  rows.push(row(mixedName, 'EventStreamParser (keepRaw)', corpus.bytes.length, raw1, base1))
  rows.push(row(mixedName, 'EventStreamParser (keepRaw: false)', corpus.bytes.length, noRaw1, base1))

  // 2. Non-ASCII-heavy token stream, ~64 KiB chunks.
  const cjk = buildCorpus(Math.max(10, TARGET_MB * 0.3) * 1e6, buildCjkUnit(7))
  const cjkChunks = chunk(cjk.bytes, CHUNK)
  const cjkName = `all-Chinese tokens ${(cjk.bytes.length / 1e6).toFixed(0)} MB / ${CHUNK / 1024} KiB`
  const [base3, raw3, noRaw3] = measure([theirs(), ours(), ours({ keepRaw: false })], cjkChunks, RUNS) as [Result, Result, Result]
  check(cjkName, cjk.events, { 'eventsource-parser': base3, ours: raw3, 'ours keepRaw:false': noRaw3 })
  rows.push(row(cjkName, 'eventsource-parser 4 + TextDecoder', cjk.bytes.length, base3))
  rows.push(row(cjkName, 'EventStreamParser (keepRaw)', cjk.bytes.length, raw3, base3))
  rows.push(row(cjkName, 'EventStreamParser (keepRaw: false)', cjk.bytes.length, noRaw3, base3))

  // 3. One 16 MiB line in 1,460-byte chunks. The line is longer than the default maxLineBytes
  // (16 MiB), so the limit is raised for this case.
  const line = encoder.encode(`data: ${'y'.repeat(16 * MiB)}\n\n`)
  const lineChunks = chunk(line, 1460)
  const lineName = '16 MiB line / 1,460 B chunks'
  const lineRuns = Math.max(RUNS, 7)
  const lineOptions = { maxLineBytes: 32 * MiB }
  const [base2, raw2, noRaw2] = measure([theirs(), ours(lineOptions), ours({ ...lineOptions, keepRaw: false })], lineChunks, lineRuns) as [
    Result,
    Result,
    Result
  ]
  check(lineName, 1, { 'eventsource-parser': base2, ours: raw2, 'ours keepRaw:false': noRaw2 })
  rows.push(row(lineName, 'eventsource-parser 4 + TextDecoder', line.length, base2))
  rows.push(row(lineName, 'EventStreamParser (keepRaw)', line.length, raw2, base2))
  rows.push(row(lineName, 'EventStreamParser (keepRaw: false)', line.length, noRaw2, base2))

  console.log(
    `Node ${process.version}; runs timed after 2 warm-ups (mixed: ${RUNS}, long line: ${lineRuns}); MB/s and events/s from the median run.`
  )
  console.table(rows)
  console.log(`Total time ${((performance.now() - started) / 1000).toFixed(1)} s`)
  if (diagnostics !== 0) {
    console.error(`EventStreamParser reported ${diagnostics} diagnostics on clean input`)
    failed = true
  }
  if (failed) process.exitCode = 1
}

main()
