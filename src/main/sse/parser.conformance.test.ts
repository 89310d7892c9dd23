/**
 * Conformance: the web-platform-tests `eventsource/` parsing cases, replayed against the parser,
 * and a differential test against a literal transcription of the HTML spec's algorithm.
 *
 * The WPT cases are served by `resources/message.py`, whose body is
 * `message + ("" if newline=none else "\n\n") + "\n"`; the bodies below include that suffix.
 * The `format-mime-*` cases (and `request-*`) are about the response, not the body: they belong
 * to the client's content-type checks, not to this parser.
 */
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EventStreamParser, type ParsedFrame } from './parser'
import { arbitraryBody } from './fixtures/parser-arbitraries'
import { bytes, chunksOf, data, events, ofKind, parseChunks, splitAt, type Part } from './fixtures/parser-helpers'

/** The body message.py sends for `message` (and `newline=none` when `noNewline`). */
function messagePy(message: Part, noNewline = false): Uint8Array {
  return bytes(message, noNewline ? '' : '\n\n', '\n')
}

/** Parses `body` whole, one byte at a time and in TCP-sized chunks; all three must agree. */
function parseEveryWay(body: Uint8Array): ParsedFrame[] {
  const whole = parseChunks([body])
  expect(parseChunks(chunksOf(body, 1))).toEqual(whole)
  expect(parseChunks(chunksOf(body, 1460))).toEqual(whole)
  return whole
}

describe('WPT eventsource format-* cases', () => {
  it('format-bom: one leading BOM is stripped; a later one makes its line an unknown field', () => {
    expect(data(parseEveryWay(messagePy('\uFEFFdata:1\n\n\uFEFFdata:2\n\ndata:3')))).toEqual(['1', '3'])
  })

  it('format-bom-2: of two leading BOMs only the first is stripped', () => {
    expect(data(parseEveryWay(messagePy('\uFEFF\uFEFFdata:1\n\ndata:2\n\ndata:3')))).toEqual(['2', '3'])
  })

  it.each([
    ['UTF-16LE', [0xff, 0xfe]],
    ['UTF-16BE', [0xfe, 0xff]]
  ])('format-bom-utf-16: a %s byte order mark is not used', (_name, bom) => {
    expect(data(parseEveryWay(messagePy(bytes(bom, 'data:1\n\ndata:2'))))).toEqual(['2'])
  })

  it('format-comments: comments of every shape are ignored', () => {
    const long = 'x'.repeat(2048)
    const body = messagePy(`data:1\r:\0\n:\r\ndata:2\n:${long}\rdata:3\n:data:fail\r:${long}\ndata:4\n`, true)
    expect(data(parseEveryWay(body))).toEqual(['1\n2\n3\n4'])
  })

  it('format-data-before-final-empty-line: an event without its final blank line is not dispatched', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    const body = messagePy('retry:1000\ndata:test1\n\nid:test\ndata:test2', true)
    // The server closes the stream; the reconnection gets the same body.
    parseChunks([body], undefined, parser)
    parseChunks([body], undefined, parser)
    expect(events(frames).map((e) => [e.data, e.lastEventId])).toEqual([
      ['test1', ''],
      ['test1', '']
    ])
  })

  it('format-field-data: "data:" gives "", "data" twice gives "\\n"', () => {
    expect(data(parseEveryWay(messagePy('data:\n\ndata\ndata\n\ndata:test')))).toEqual(['', '\n', 'test'])
  })

  it('format-field-event: a custom event type, then back to "message"', () => {
    expect(events(parseEveryWay(messagePy('event:test\ndata:x\n\ndata:x'))).map((e) => e.type)).toEqual(['test', 'message'])
  })

  it('format-field-event-empty: "event: " means "message"', () => {
    expect(events(parseEveryWay(messagePy('event: \ndata:data')))).toMatchObject([{ type: 'message', data: 'data' }])
  })

  it('format-field-id and format-field-id-2: the last event ID survives reconnection', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parseChunks(['id: …\nretry: 200\ndata: hello\n\n'], undefined, parser)
    // last-event-id.py echoes the Last-Event-ID header back as data.
    parseChunks([`data: ${parser.lastEventId}\n\n`], undefined, parser)
    parseChunks([`data: ${parser.lastEventId}\n\n`], undefined, parser)
    expect(events(frames).map((e) => [e.data, e.lastEventId])).toEqual([
      ['hello', '…'],
      ['…', '…'],
      ['…', '…']
    ])
    expect(ofKind(frames, 'retry')).toEqual([{ kind: 'retry', ms: 200 }])
  })

  it.each([
    ['persists', 'id: 1\ndata: 1\n\ndata: 2\n\nid: 2\ndata:3\n\ndata:4\n\n', ['1', '1', '2', '2']],
    ['resets (id:)', 'id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n', ['1', '', '']],
    ['resets (id)', 'id: 1\ndata: 1\n\nid\ndata:2\n\ndata:3\n\n', ['1', '', '']]
  ])('format-field-id-3: the last event ID %s', (_name, body, ids) => {
    expect(events(parseEveryWay(bytes(body))).map((e) => e.lastEventId)).toEqual(ids)
  })

  it.each(['\0\0', 'x\0', '\0x', 'x\0x', ' \0'])('format-field-id-null: an id of %j is ignored', (value) => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parseChunks([`id: ${value}\nretry: 200\ndata: hello\n\n`], undefined, parser)
    expect(parser.lastEventId).toBe('') // so no Last-Event-ID header is sent
    parseChunks([`id: ${value}\nretry: 200\ndata: hello\n\n`], undefined, parser)
    expect(events(frames).map((e) => [e.data, e.lastEventId])).toEqual([
      ['hello', ''],
      ['hello', '']
    ])
  })

  it('format-field-parsing: names are matched exactly, values keep all but one leading space', () => {
    const message = 'data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n'
    expect(data(parseEveryWay(messagePy(message, true)))).toEqual(['\0\n 2\n1\n3\n\n4'])
  })

  it('format-field-retry: "03000" is 3000 ms', () => {
    expect(ofKind(parseEveryWay(messagePy('retry:03000\ndata:x')), 'retry')).toEqual([{ kind: 'retry', ms: 3000 }])
  })

  it('format-field-retry-bogus: "1000x" is ignored, 3000 stays', () => {
    expect(ofKind(parseEveryWay(messagePy('retry:3000\nretry:1000x\ndata:x')), 'retry')).toEqual([{ kind: 'retry', ms: 3000 }])
  })

  it('format-field-retry-empty: an empty retry is ignored and the message still arrives', () => {
    const frames = parseEveryWay(messagePy('retry\ndata:test'))
    expect(data(frames)).toEqual(['test'])
    expect(ofKind(frames, 'retry')).toEqual([])
  })

  it('format-field-unknown: unknown fields and junk are ignored', () => {
    const body = messagePy('data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test')
    expect(data(parseEveryWay(body))).toEqual(['test\n\ntest'])
  })

  it('format-leading-space: only a space is removed, not a tab', () => {
    expect(data(parseEveryWay(messagePy('data:\ttest\rdata: \ndata:test')))).toEqual(['\ttest\n\ntest'])
  })

  it('format-newlines: CRLF, LF and CR all end lines', () => {
    expect(data(parseEveryWay(messagePy('data:test\r\ndata\ndata:test\r\n\r', true)))).toEqual(['test\n\ntest'])
  })

  it('format-null-character: NUL is data', () => {
    expect(data(parseEveryWay(messagePy('data:\0\n\n')))).toEqual(['\0'])
  })

  it('format-utf-8: the body is UTF-8 whatever the charset parameter says', () => {
    expect(data(parseEveryWay(messagePy(bytes('data:ok', [0xe2, 0x80, 0xa6]))))).toEqual(['ok…'])
  })

  it('event-data: lines and data parsing (message2.py)', () => {
    const body = bytes('data:msg\ndata: msg\n\n:\nfalsefield:msg\n\nfalsefield:msg\nData:data\n\ndata\n\ndata:end\n\n')
    expect(data(parseEveryWay(body))).toEqual(['msg\nmsg', '', 'end'])
  })

  it('eventsource-onmessage: the default message', () => {
    expect(events(parseEveryWay(messagePy('data: data')))).toMatchObject([{ type: 'message', data: 'data', lastEventId: '' }])
  })
})

// ------------------------------------------------------------------------------------------------
// A transcription of HTML §9.2.5 / §9.2.6, written for clarity rather than speed. It decodes the
// whole body at once with TextDecoder (UTF-8 decode: one leading BOM removed, U+FFFD for errors),
// splits lines, and interprets them step by step. `raw` follows the parser's documented choice.

function reference(body: Uint8Array, lastEventId = ''): ParsedFrame[] {
  const text = new TextDecoder('utf-8').decode(body)
  const frames: ParsedFrame[] = []
  let dataBuffer = ''
  let eventType = ''
  let idBuffer = lastEventId
  let blockId: string | undefined
  let raw = ''
  const eol = /\r\n|\r|\n/g
  let pos = 0
  // Text after the last line ending is not a line: it is discarded at the end of the stream.
  for (let m = eol.exec(text); m !== null; m = eol.exec(text)) {
    const line = text.slice(pos, m.index)
    pos = m.index + m[0].length
    if (line === '') {
      // Dispatch the event.
      const lastEventIdString = idBuffer
      if (dataBuffer === '') {
        eventType = ''
        blockId = undefined
        raw = ''
        continue
      }
      if (dataBuffer.endsWith('\n')) dataBuffer = dataBuffer.slice(0, -1)
      const event: ParsedFrame = {
        kind: 'event',
        type: eventType === '' ? 'message' : eventType,
        data: dataBuffer,
        lastEventId: lastEventIdString
      }
      if (blockId !== undefined) event.id = blockId
      event.raw = raw + m[0][0]
      frames.push(event)
      dataBuffer = ''
      eventType = ''
      blockId = undefined
      raw = ''
      continue
    }
    raw += line + m[0]
    if (line.startsWith(':')) {
      frames.push({ kind: 'comment', text: line.slice(line.startsWith(': ') ? 2 : 1) })
      continue
    }
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') eventType = value
    else if (field === 'data') dataBuffer += value + '\n'
    else if (field === 'id') {
      if (!value.includes('\0')) {
        idBuffer = value
        blockId = value
      }
    } else if (field === 'retry') {
      if (/^[0-9]+$/.test(value)) frames.push({ kind: 'retry', ms: Number(value) })
    }
  }
  return frames
}

describe('differential test against a transcription of the spec', () => {
  it('gives the same events, comments and retries (and raw) as the spec algorithm, however chunked', () => {
    fc.assert(
      fc.property(arbitraryBody, fc.array(fc.nat(), { maxLength: 8 }), (body, cuts) => {
        const expected = reference(body)
        const noDiagnostics = (frames: ParsedFrame[]) => frames.filter((f) => f.kind !== 'diagnostic')
        expect(noDiagnostics(parseChunks([body]))).toEqual(expected)
        expect(
          noDiagnostics(
            parseChunks(
              splitAt(
                body,
                cuts.map((c) => c % (body.length + 1))
              )
            )
          )
        ).toEqual(expected)
      }),
      { numRuns: 400 }
    )
  })

  it('agrees on a few hand-picked tricky bodies', () => {
    for (const body of [
      '\r\n\r\ndata:a\r\r\n\n',
      'data:\r\ndata\r\n\r\n',
      'id:1\n\ndata\n\nid\ndata\r\rid: 2\r\n\r\ndata: x\n\n',
      '\uFEFF\uFEFFdata: 1\n\n',
      ':\n:\n\nevent: e\ndata:\n\n'
    ]) {
      const b = bytes(body)
      expect(parseChunks([b]).filter((f) => f.kind !== 'diagnostic')).toEqual(reference(b))
    }
  })
})

describe('fixture: a captured kitchen-sink stream', () => {
  const body = new Uint8Array(readFileSync(new URL('./fixtures/kitchen-sink.sse', import.meta.url)))
  const expected = JSON.parse(readFileSync(new URL('./fixtures/kitchen-sink.frames.json', import.meta.url), 'utf8')) as ParsedFrame[]

  it('parses to the recorded frames', () => {
    expect(parseChunks([body])).toEqual(expected)
  })

  it('parses to the same frames one byte at a time and in TCP-sized chunks', () => {
    expect(parseChunks(chunksOf(body, 1))).toEqual(expected)
    expect(parseChunks(chunksOf(body, 7))).toEqual(expected)
    expect(parseChunks(chunksOf(body, 1460))).toEqual(expected)
  })

  it('agrees with the spec transcription on everything but diagnostics', () => {
    expect(expected.filter((f) => f.kind !== 'diagnostic')).toEqual(reference(body))
  })
})
