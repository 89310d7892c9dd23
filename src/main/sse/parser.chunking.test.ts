/**
 * Chunking must never change the output, decoding must match the Encoding Standard, and the
 * work must stay linear in the input however it is chunked.
 */
import fc from 'fast-check'
import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { EventStreamParser, type ParsedFrame, type ParserOptions } from './parser'
import { invalidUtf8Marks } from './utf8'
import { arbitraryBody, arbitraryCuts, arbitraryWideBody, cutsFor } from './fixtures/parser-arbitraries'
import { bytes, chunksOf, data, diagnostics, events, parseChunks, splitAt, summary } from './fixtures/parser-helpers'

describe('chunking never changes the output', () => {
  const variants: [string, ParserOptions][] = [
    ['default options', {}],
    ['keepRaw: false', { keepRaw: false }],
    ['small limits (line-too-long and event-too-large recovery)', { maxLineBytes: 9, maxEventBytes: 14 }]
  ]

  it.each(variants)('any split of a body gives the frames of the whole body (%s)', (_name, options) => {
    fc.assert(
      fc.property(arbitraryBody, arbitraryCuts, (body, cuts) => {
        const whole = parseChunks([body], options)
        expect(parseChunks(splitAt(body, cutsFor(body, cuts)), options)).toEqual(whole)
      }),
      { numRuns: 500 }
    )
  })

  it.each(variants)('any split of a mostly non-ASCII body gives the frames of the whole body (%s)', (_name, options) => {
    // Many cuts: after a chunk with many non-ASCII lines, the parser decodes the next chunk at
    // once instead of line by line; the output must not show it.
    fc.assert(
      fc.property(arbitraryWideBody, fc.array(fc.nat(), { minLength: 3, maxLength: 20 }), (body, cuts) => {
        const whole = parseChunks([body], options)
        expect(parseChunks(splitAt(body, cutsFor(body, cuts)), options)).toEqual(whole)
        expect(parseChunks(chunksOf(body, 7), options)).toEqual(whole)
      }),
      { numRuns: 300 }
    )
  })

  it('one byte at a time gives the frames of the whole body', () => {
    fc.assert(
      fc.property(arbitraryBody, (body) => {
        expect(parseChunks(chunksOf(body, 1), { maxLineBytes: 12 })).toEqual(parseChunks([body], { maxLineBytes: 12 }))
      }),
      { numRuns: 200 }
    )
  })

  it('a parser reused across bodies behaves like a new parser seeded with the last event ID', () => {
    fc.assert(
      fc.property(arbitraryBody, arbitraryBody, arbitraryCuts, (first, second, cuts) => {
        const frames: ParsedFrame[] = []
        const reused = new EventStreamParser((f) => frames.push(f))
        parseChunks(splitAt(first, cutsFor(first, cuts)), undefined, reused)
        const before = frames.length
        const lastEventId = reused.lastEventId
        parseChunks([second], undefined, reused)

        const fresh: ParsedFrame[] = []
        const seeded = new EventStreamParser((f) => fresh.push(f))
        seeded.lastEventId = lastEventId
        parseChunks([second], undefined, seeded)
        expect(frames.slice(before)).toEqual(fresh)
      }),
      { numRuns: 200 }
    )
  })

  it('splits between CR and LF and inside characters, exhaustively, on a small body', () => {
    const body = bytes('\uFEFFid: 1\r\nevent: é\r\n: 東\r\ndata: a🙂\r\n\r\ndata: b', [0xe2, 0x82], '\r\r\n')
    const whole = parseChunks([body])
    for (let i = 1; i < body.length; i++) {
      for (let j = i + 1; j < body.length; j++) expect(parseChunks(splitAt(body, [i, j]))).toEqual(whole)
    }
  })
})

describe('chunks decoded at once (text with much non-ASCII)', () => {
  // After a chunk whose lines were mostly non-ASCII, the next valid UTF-8 chunk is decoded at
  // once, so string positions are no longer byte positions: the limits must still count bytes.
  const warmUp = 'data:東京\n\n'.repeat(5)

  it('measures lines in bytes', () => {
    const rest = 'data:東京東京東京\n\ndata: ok\n\n' // 23 bytes in 11 characters, then a fine event
    const opts = { maxLineBytes: 20 }
    const whole = parseChunks([warmUp + rest], opts)
    expect(summary(whole).slice(5)).toEqual(['error line-too-long', 'event message "ok" last=""'])
    expect(diagnostics(whole)[0]!.message).toContain('1 line (23 bytes)')
    expect(parseChunks([warmUp, rest], opts)).toEqual(whole)
  })

  it('measures data in bytes', () => {
    const rest = 'data:東京東京\ndata:東京東京\n\ndata: ok\n\n' // 12 + 1 + 12 = 25 bytes of data
    const opts = { maxEventBytes: 24 }
    const whole = parseChunks([warmUp + rest], opts)
    expect(summary(whole).slice(5)).toEqual(['error event-too-large', 'event message "ok" last=""'])
    expect(parseChunks([warmUp, rest], opts)).toEqual(whole)
  })

  it('counts skipped bytes exactly', () => {
    const rest = 'data: ' + 'x'.repeat(30) + '\n東京東京\n\ndata: ok\n\n'
    const opts = { maxLineBytes: 20 }
    const whole = parseChunks([warmUp + rest], opts)
    expect(diagnostics(whole)[0]!.message).toContain('2 lines (48 bytes)')
    expect(parseChunks([warmUp, rest], opts)).toEqual(whole)
  })

  it('keeps raw, comments and unfinished lines exact', () => {
    const rest = ': 注释\r\nevent: 更新\r\nid: 七\r\ndata: 你好\r\n\r\ndata: 世'
    const whole = parseChunks([warmUp + rest])
    expect(summary(whole).slice(5)).toEqual(['comment "注释"', 'event 更新 "你好" last="七" id="七"', 'warning unfinished-event-discarded'])
    expect(events(whole)[5]!.raw).toBe(': 注释\r\nevent: 更新\r\nid: 七\r\ndata: 你好\r\n\r')
    expect(parseChunks([warmUp, rest])).toEqual(whole)
    expect(parseChunks([warmUp, rest.slice(0, 9), rest.slice(9)])).toEqual(whole)
  })
})

describe('UTF-8 decoding matches the Encoding Standard', () => {
  const interesting = [
    0x00, 0x0a, 0x0d, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbb, 0xbd, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0,
    0xf4, 0xf5, 0xff
  ]
  const arbitraryBytes = fc
    .array(fc.oneof(fc.constantFrom(...interesting), fc.integer({ min: 0, max: 255 })), { maxLength: 40 })
    .map((a) => Uint8Array.from(a))

  it('Node decodes UTF-8 exactly like TextDecoder (the parser relies on it)', () => {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
    fc.assert(
      fc.property(arbitraryBytes, (b) => {
        expect(Buffer.from(b).toString('utf8')).toBe(decoder.decode(b))
      }),
      { numRuns: 2000 }
    )
  })

  it('invalidUtf8Marks finds every replacement and no genuine U+FFFD, with the bytes each one replaced', () => {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
    const encoder = new TextEncoder()
    fc.assert(
      fc.property(arbitraryBytes, (b) => {
        const text = decoder.decode(b)
        const marks = invalidUtf8Marks(b, 0, b.length)
        const at = new Set<number>()
        let replaced = 0
        for (let i = 0; i < marks.length; i += 2) {
          expect(text[marks[i]!]).toBe('\uFFFD')
          at.add(marks[i]!)
          replaced += marks[i + 1]!
        }
        // Every byte is either part of a decoded character or replaced.
        const kept = [...text].reduce((n, ch, i, arr) => {
          const index = arr.slice(0, i).join('').length
          return at.has(index) ? n : n + encoder.encode(ch).length
        }, 0)
        expect(kept + replaced).toBe(b.length)
        const genuine = b.length < 3 ? 0 : Buffer.from(b).toString('latin1').split('\xEF\xBF\xBD').length - 1
        expect(marks.length / 2).toBe((text.match(/\uFFFD/g)?.length ?? 0) - genuine)
      }),
      { numRuns: 2000 }
    )
  })

  it('reports, over a whole stream, exactly the invalid bytes, however chunked', () => {
    fc.assert(
      fc.property(arbitraryBytes, arbitraryCuts, (junk, cuts) => {
        const body = bytes(
          'data: ',
          junk.filter((x) => x !== 0x0a && x !== 0x0d),
          '\n\n'
        )
        const count = (frames: ParsedFrame[]) =>
          diagnostics(frames, 'invalid-utf8').reduce((n, d) => n + Number(/^(\d+) byte/.exec(d.message)![1]), 0)
        const marks = invalidUtf8Marks(body, 0, body.length)
        let expected = 0
        for (let i = 1; i < marks.length; i += 2) expected += marks[i]!
        expect(count(parseChunks([body]))).toBe(expected)
        expect(count(parseChunks(splitAt(body, cutsFor(body, cuts))))).toBe(expected)
      }),
      { numRuns: 500 }
    )
  })
})

/**
 * The work `run` does, counted rather than timed (a wall clock only says how busy the machine
 * was): bytes copied between typed arrays (`set`, `slice`) and characters or bytes searched by
 * `indexOf`, from where a search starts to where it stops. Quadratic work shows as counts
 * thousands of times the input, however fast or loaded the machine.
 */
function countWork(run: () => void): { copied: number; searched: number } {
  let copied = 0
  let searched = 0
  const spanOf = (length: number, from: unknown, found: unknown): number => {
    const start = typeof from === 'number' ? Math.max(0, from < 0 ? length + from : from) : 0
    return Math.max(0, (found === -1 ? length : Number(found) + 1) - start)
  }
  const typed = Object.getPrototypeOf(Uint8Array.prototype) as object
  const restore = [
    counting(typed, 'set', (_self, [source]) => (copied += (source as ArrayLike<number>).length)),
    counting(typed, 'slice', (_self, _args, out) => (copied += (out as Uint8Array).length)),
    counting(String.prototype, 'indexOf', (self, [, from], found) => (searched += spanOf((self as string).length, from, found))),
    counting(Buffer.prototype, 'indexOf', (self, [, from], found) => (searched += spanOf((self as Buffer).length, from, found)))
  ]
  try {
    run()
  } finally {
    for (const undo of restore) undo()
  }
  return { copied, searched }
}

/** Replaces `target[name]` by a method that calls the original and then `count`; returns the undo. */
function counting(target: object, name: string, count: (self: unknown, args: unknown[], result: unknown) => void): () => void {
  const original = Reflect.get(target, name) as (...args: unknown[]) => unknown
  Reflect.set(target, name, function (this: unknown, ...args: unknown[]): unknown {
    const result = Reflect.apply(original, this, args)
    count(this, args, result)
    return result
  })
  return () => Reflect.set(target, name, original)
}

describe('work is linear in the input', () => {
  it('a 16 MiB data line in 1,460-byte chunks is joined once, not re-concatenated per chunk', () => {
    const size = 16 * 1024 * 1024
    const body = bytes('data: ', 'y'.repeat(size), '\n\n')
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f), { maxLineBytes: 32 * 1024 * 1024 })
    const chunks = chunksOf(body, 1460)
    const work = countWork(() => {
      for (const c of chunks) parser.feed(c)
      parser.end()
    })
    // Each chunk kept once and the line joined once; rebuilding the pending line for each of
    // the 11,500 chunks would copy ~100 GB.
    expect(work.copied).toBeGreaterThanOrEqual(body.length)
    expect(work.copied).toBeLessThanOrEqual(3 * body.length)
    expect(work.searched).toBeLessThanOrEqual(4 * body.length)
    expect(events(frames)).toHaveLength(1)
    expect(events(frames)[0]!.data.length).toBe(size)
    expect(events(frames)[0]!.raw!.length).toBe(size + 8)
  })

  it('many lines without a colon do not make the colon search quadratic', () => {
    // 800,000 "data" lines (no colon) before the first colon, 4 MB in, in one chunk: searching
    // from each line to the next colon would scan 1.6 T characters; the cached search scans
    // each character about once.
    const body = bytes('data\n'.repeat(800_000), 'data: end\n\n')
    let frames: ParsedFrame[] = []
    const work = countWork(() => {
      frames = parseChunks([body])
    })
    expect(work.searched).toBeGreaterThanOrEqual(body.length)
    expect(work.searched).toBeLessThanOrEqual(4 * body.length)
    expect(data(frames)[0]!.length).toBe(800_000 + 3)
  })

  it('an over-long line is skipped in linear work', () => {
    const body = bytes('data: ', 'z'.repeat(4 * 1024 * 1024), '\n\ndata: after\n\n')
    const chunks = chunksOf(body, 1460)
    let frames: ParsedFrame[] = []
    const work = countWork(() => {
      frames = parseChunks(chunks, { maxLineBytes: 1024 })
    })
    // past maxLineBytes the line's bytes are counted, not kept
    expect(work.copied).toBeLessThanOrEqual(64 * 1024)
    expect(work.searched).toBeGreaterThanOrEqual(body.length)
    expect(work.searched).toBeLessThanOrEqual(4 * body.length)
    expect(diagnostics(frames).map((d) => d.code)).toEqual(['line-too-long'])
    expect(data(frames)).toEqual(['after'])
  })
})
