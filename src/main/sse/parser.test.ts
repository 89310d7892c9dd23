import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_LINE_BYTES, EventStreamParser, type ParsedFrame } from './parser'
import { bytes, chunksOf, data, diagnostics, events, ofKind, parse, parseChunks, splitAt, summary } from './fixtures/parser-helpers'

const BOM = [0xef, 0xbb, 0xbf]

describe('EventStreamParser API', () => {
  it('exports the default limits', () => {
    expect(DEFAULT_MAX_LINE_BYTES).toBe(16 * 1024 * 1024)
    expect(DEFAULT_MAX_EVENT_BYTES).toBe(64 * 1024 * 1024)
  })

  it('emits frames synchronously from feed(), in stream order', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parser.feed(bytes(': hi\nretry: 5\ndata: x\n\n'))
    expect(summary(frames)).toEqual(['comment "hi"', 'retry 5', 'event message "x" last=""'])
  })

  it('produces no frames for an empty body, and end() on a clean stream reports nothing', () => {
    expect(parse('')).toEqual([])
    expect(parse('data: x\n\n')).toEqual([{ kind: 'event', type: 'message', data: 'x', lastEventId: '', raw: 'data: x\n\n' }])
  })

  it('ignores empty chunks', () => {
    expect(parseChunks(['', 'data:', '', ' x\n', '', '\n', ''])).toEqual(parse('data: x\n\n'))
  })
})

describe('UTF-8 decoding', () => {
  it('decodes multi-byte characters', () => {
    expect(data(parse('data: café 東京 🙂\n\n'))).toEqual(['café 東京 🙂'])
  })

  it('decodes a multi-byte character split across chunks at every byte', () => {
    const body = bytes('data: a🙂b東c\n\n')
    const whole = parse(body)
    for (let cut = 1; cut < body.length; cut++) {
      expect(parseChunks(splitAt(body, [cut]))).toEqual(whole)
    }
    expect(parseChunks(chunksOf(body, 1))).toEqual(whole)
    expect(data(whole)).toEqual(['a🙂b東c'])
  })

  it('replaces invalid bytes with U+FFFD and reports them once per line with the byte count', () => {
    const frames = parse(bytes('data: a', [0xff, 0xfe, 0xc0], 'b\n\n'))
    expect(data(frames)).toEqual(['a\uFFFD\uFFFD\uFFFDb'])
    const d = diagnostics(frames, 'invalid-utf8')
    expect(d).toHaveLength(1)
    expect(d[0]).toMatchObject({ level: 'warning' })
    expect(d[0]!.message).toContain('3 bytes of invalid UTF-8')
    expect(d[0]!.message).toContain('U+FFFD')
    // The diagnostic comes before the event the line went into.
    expect(summary(frames)).toEqual(['warning invalid-utf8', 'event message "a\uFFFD\uFFFD\uFFFDb" last=""'])
  })

  it('replaces a truncated sequence (maximal subpart) with one U+FFFD and counts all its bytes', () => {
    // E2 82 is the start of a 3-byte sequence cut short by "A"; F0 9F 98 is a 4-byte one cut by LF.
    const frames = parse(bytes('data: ', [0xe2, 0x82], 'A', [0xf0, 0x9f, 0x98], '\n\n'))
    expect(data(frames)).toEqual(['\uFFFDA\uFFFD'])
    expect(diagnostics(frames, 'invalid-utf8')[0]!.message).toContain('5 bytes')
  })

  it('reports invalid UTF-8 per line, not per chunk or per byte', () => {
    const body = bytes('data: ', [0xff], 'x', [0xff], '\ndata: ok\ndata: ', [0x80], '\n\n')
    const frames = parse(body)
    expect(diagnostics(frames, 'invalid-utf8').map((d) => d.message.match(/^\d+ bytes?/)?.[0])).toEqual(['2 bytes', '1 byte'])
    expect(parseChunks(chunksOf(body, 1))).toEqual(frames)
  })

  it('does not report a genuine U+FFFD (EF BF BD) in the source', () => {
    const frames = parse('data: \uFFFD is fine\n\n')
    expect(data(frames)).toEqual(['\uFFFD is fine'])
    expect(diagnostics(frames)).toEqual([])
  })

  it('counts only the invalid bytes when genuine and replaced U+FFFD are mixed', () => {
    const frames = parse(bytes('data: \uFFFD', [0xed, 0xa0, 0x80], '\uFFFD\n\n'))
    // ED A0 80 (a UTF-16 surrogate) is three invalid bytes: three U+FFFD.
    expect(data(frames)).toEqual(['\uFFFD'.repeat(5)])
    expect(diagnostics(frames, 'invalid-utf8')[0]!.message).toContain('3 bytes')
  })

  it('rejects overlong encodings and code points above U+10FFFF', () => {
    const frames = parse(bytes('data: ', [0xc1, 0xbf, 0xe0, 0x80, 0x80, 0xf4, 0x90, 0x80, 0x80], '\n\n'))
    // C1 BF: 2; E0 80 80: 3 (E0 needs A0-BF); F4 90 80 80: 4 (F4 needs 80-8F).
    expect(data(frames)).toEqual(['\uFFFD'.repeat(9)])
    expect(diagnostics(frames, 'invalid-utf8')[0]!.message).toContain('9 bytes')
  })

  it('replaces an incomplete sequence at the end of the stream and reports it on the unterminated line', () => {
    const frames = parse(bytes('data: ok\n\ndata: ', [0xe6, 0x9d]))
    expect(data(frames)).toEqual(['ok'])
    expect(summary(frames).slice(1)).toEqual(['warning invalid-utf8', 'warning unfinished-event-discarded'])
    expect(diagnostics(frames, 'invalid-utf8')[0]!.message).toContain('2 bytes')
    expect(diagnostics(frames, 'invalid-utf8')[0]!.message).toContain('unterminated')
  })

  it('reports invalid bytes split across chunks once, on their line', () => {
    const body = bytes('data: x', [0xf0, 0x9f], '\n\n')
    const whole = parse(body)
    expect(diagnostics(whole, 'invalid-utf8')).toHaveLength(1)
    for (let cut = 1; cut < body.length; cut++) expect(parseChunks(splitAt(body, [cut]))).toEqual(whole)
  })

  it('always decodes as UTF-8: a UTF-16 byte order mark is two U+FFFD that spoil the first field name', () => {
    // WPT eventsource/format-bom-utf-16: FF FE + "data:1\n\ndata:2" -> the first message is "2".
    const frames = parse(bytes([0xff, 0xfe], 'data:1\n\ndata:2\n\n'))
    expect(data(frames)).toEqual(['2'])
    const unknown = diagnostics(frames, 'unknown-field')
    expect(unknown).toHaveLength(1)
    expect(unknown[0]!.message).toContain('"\uFFFD\uFFFDdata"')
    expect(unknown[0]!.message).toContain('not UTF-8')
  })
})

describe('byte order mark', () => {
  it('strips one leading BOM and says so', () => {
    const frames = parse(bytes(BOM, 'data: 1\n\n'))
    expect(summary(frames)).toEqual(['info bom-stripped', 'event message "1" last=""'])
    expect(events(frames)[0]!.raw).toBe('data: 1\n\n')
  })

  it('strips a BOM that arrives one byte per chunk', () => {
    expect(parseChunks([[0xef], [0xbb], [0xbf], 'data: 1\n\n'])).toEqual(parse(bytes(BOM, 'data: 1\n\n')))
  })

  it('keeps a second BOM, which makes the first line an unknown field', () => {
    // WPT eventsource/format-bom-2: only "2" and "3" are messages.
    const frames = parse(bytes(BOM, BOM, 'data:1\n\ndata:2\n\ndata:3\n\n'))
    expect(data(frames)).toEqual(['2', '3'])
    const unknown = diagnostics(frames, 'unknown-field')[0]!
    expect(unknown.message).toContain('U+FEFF')
    expect(unknown.message).toContain('not read as "data"')
  })

  it('keeps a BOM that is not at the very start of the stream', () => {
    // WPT eventsource/format-bom: "1" and "3" are messages, the BOM line in between is not.
    const frames = parse(bytes(BOM, 'data:1\n\n', BOM, 'data:2\n\ndata:3\n\n'))
    expect(data(frames)).toEqual(['1', '3'])
    expect(diagnostics(frames, 'bom-stripped')).toHaveLength(1)
  })

  it('keeps a BOM inside a value', () => {
    expect(data(parse('data: \uFEFFx\n\n'))).toEqual(['\uFEFFx'])
  })

  it('does not take a broken BOM (EF BB + text) for one', () => {
    const frames = parse(bytes([0xef, 0xbb], 'data: 1\n\ndata: 2\n\n'))
    expect(data(frames)).toEqual(['2'])
    expect(diagnostics(frames, 'bom-stripped')).toEqual([])
    expect(diagnostics(frames, 'invalid-utf8')[0]!.message).toContain('2 bytes')
  })

  it('handles the BOM afresh for each stream after end()', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parseChunks([bytes(BOM, 'data: 1\n\n')], undefined, parser)
    parseChunks([bytes(BOM, 'data: 2\n\n')], undefined, parser)
    expect(summary(frames)).toEqual(['info bom-stripped', 'event message "1" last=""', 'info bom-stripped', 'event message "2" last=""'])
  })
})

describe('line endings', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r']
  ])('accepts %s line endings', (_name, eol) => {
    const frames = parse(`event: t${eol}data: a${eol}data: b${eol}${eol}data: c${eol}${eol}`)
    expect(summary(frames)).toEqual(['event t "a\\nb" last=""', 'event message "c" last=""'])
  })

  it('accepts mixed line endings (WPT format-newlines)', () => {
    expect(data(parse('data:test\r\ndata\ndata:test\r\n\r\n'))).toEqual(['test\n\ntest'])
  })

  it('treats CR at the end of one chunk and LF at the start of the next as one line ending', () => {
    const frames = parseChunks(['data: a\r', '\ndata: b\r', '\n\r', '\n'])
    expect(summary(frames)).toEqual(['event message "a\\nb" last=""'])
    expect(events(frames)[0]!.raw).toBe('data: a\r\ndata: b\r\n\r')
  })

  it('treats CR at the end of a chunk followed by CR as two line endings (a blank line)', () => {
    expect(summary(parseChunks(['data: a\r', '\rdata: b\r\r']))).toEqual(['event message "a" last=""', 'event message "b" last=""'])
  })

  it('dispatches on a CR blank line at the end of a chunk without waiting for the next chunk', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parser.feed(bytes('data: now\r\n\r'))
    expect(data(frames)).toEqual(['now'])
    parser.feed(bytes('\ndata: next\r\n\r\n'))
    expect(data(frames)).toEqual(['now', 'next'])
  })

  it('reads CR CR LF LF as three line endings', () => {
    // "data:a" CR | CR LF (blank: dispatch) | LF (blank: nothing).
    expect(summary(parse('data:a\r\r\n\ndata:b\n\n'))).toEqual(['event message "a" last=""', 'event message "b" last=""'])
  })

  it('forgets a pending CR at end(): the next stream starts clean', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parseChunks(['data: a\r\r'], undefined, parser)
    parseChunks(['\ndata: b\n\n'], undefined, parser)
    // The leading LF of the second stream is a blank line of its own, not the end of a CRLF.
    expect(data(frames)).toEqual(['a', 'b'])
  })
})

describe('comments', () => {
  it('reports a comment with one leading space removed', () => {
    expect(ofKind(parse(': hello\n:world\n:  two\n:\n'), 'comment').map((c) => c.text)).toEqual(['hello', 'world', ' two', ''])
  })

  it('keeps everything after the colon, colons and NUL included', () => {
    expect(ofKind(parse(': a: b\0c\n'), 'comment')[0]!.text).toBe('a: b\0c')
  })

  it('does not let comments touch the event being built (WPT format-comments)', () => {
    const long = 'x'.repeat(2048)
    const body = `data:1\r:\0\n:\r\ndata:2\n:${long}\rdata:3\n:data:fail\r:${long}\ndata:4\n\n`
    const frames = parse(body)
    expect(data(frames)).toEqual(['1\n2\n3\n4'])
    expect(ofKind(frames, 'comment').map((c) => c.text)).toEqual(['\0', '', long, 'data:fail', long])
  })

  it('reports comments even between events, and a comment-only block dispatches nothing', () => {
    expect(summary(parse(': keep-alive\n\n: again\n\n'))).toEqual(['comment "keep-alive"', 'comment "again"'])
  })
})

describe('fields', () => {
  it('splits the name from the value at the first colon', () => {
    expect(data(parse('data: a:b: c\n\n'))).toEqual(['a:b: c'])
    expect(ofKind(parse('event: x:y\ndata\n\n'), 'event')[0]!.type).toBe('x:y')
  })

  it('removes exactly one leading space from the value', () => {
    expect(data(parse('data:  two\n\n'))).toEqual([' two'])
    expect(data(parse('data:none\n\n'))).toEqual(['none'])
    expect(data(parse('data: \n\n'))).toEqual([''])
  })

  it('does not remove a leading tab (WPT format-leading-space)', () => {
    expect(data(parse('data:\ttest\rdata: \ndata:test\n\n'))).toEqual(['\ttest\n\ntest'])
  })

  it('reads a line without a colon as a field with an empty value', () => {
    expect(data(parse('data\n\n'))).toEqual([''])
    expect(data(parse('data\ndata\n\n'))).toEqual(['\n'])
    expect(ofKind(parse('event\ndata: x\n\n'), 'event')[0]!.type).toBe('message')
  })

  it('keeps a NUL in data (WPT format-null-character)', () => {
    expect(data(parse('data:\0\n\n'))).toEqual(['\0'])
  })

  it('warns about an unknown field and ignores it', () => {
    const frames = parse('foo: bar\ndata: x\n\n')
    expect(data(frames)).toEqual(['x'])
    const [d] = diagnostics(frames, 'unknown-field')
    expect(d).toMatchObject({ kind: 'diagnostic', level: 'warning', code: 'unknown-field' })
    expect(d!.message).toContain('"foo"')
    expect(d!.message).toContain('ignored')
  })

  it.each([
    ['Data: x', 'case-sensitive; did you mean "data"?'],
    ['EVENT: x', 'case-sensitive; did you mean "event"?'],
    ['Id: 1', 'case-sensitive; did you mean "id"?'],
    ['data : x', 'Spaces before the colon are part of the field name; did you mean "data"?'],
    [' data: x', 'did you mean "data"?'],
    ['dta: x', 'Did you mean "data"?'],
    ['evnet: x', 'Did you mean "event"?'],
    ['retyr: 5', 'Did you mean "retry"?'],
    ['justsometext', 'A line without a colon is a field named by the whole line']
  ])('hints at the likely mistake for %j', (line, hint) => {
    const [d] = diagnostics(parse(`${line}\n\n`), 'unknown-field')
    expect(d!.message).toContain(hint)
  })

  it('truncates a very long unknown field name in the message', () => {
    const [d] = diagnostics(parse(`${'n'.repeat(5000)}: v\n\n`), 'unknown-field')
    expect(d!.message.length).toBeLessThan(400)
  })

  it('compares field names exactly (WPT format-field-parsing)', () => {
    const body = 'data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n\n'
    const frames = parse(body)
    expect(data(frames)).toEqual(['\0\n 2\n1\n3\n\n4'])
    expect(diagnostics(frames, 'unknown-field')).toHaveLength(6)
  })

  it('ignores unknown fields and other junk (WPT format-field-unknown)', () => {
    const frames = parse('data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test\n\n')
    expect(data(frames)).toEqual(['test\n\ntest'])
  })
})

describe('the event field', () => {
  it('sets the event type; the default is "message"', () => {
    expect(events(parse('event: update\ndata: 1\n\ndata: 2\n\n')).map((e) => e.type)).toEqual(['update', 'message'])
  })

  it('does not carry the type over to the next event (WPT format-field-event)', () => {
    expect(events(parse('event:test\ndata:x\n\ndata:x\n\n')).map((e) => e.type)).toEqual(['test', 'message'])
  })

  it('resets the type to "message" when empty (WPT format-field-event-empty)', () => {
    expect(events(parse('event: \ndata:data\n\n'))[0]).toMatchObject({ type: 'message', data: 'data' })
    expect(events(parse('event: a\nevent:\ndata: x\n\n'))[0]!.type).toBe('message')
  })

  it('keeps the last event field of a block', () => {
    expect(events(parse('event: a\nevent: b\ndata: x\n\n'))[0]!.type).toBe('b')
  })

  it('warns when a block has an event type but no data, and dispatches nothing', () => {
    const frames = parse('event: ping\n\ndata: x\n\n')
    expect(summary(frames)).toEqual(['warning event-without-data', 'event message "x" last=""'])
    expect(diagnostics(frames, 'event-without-data')[0]!.message).toContain('"ping"')
  })
})

describe('the data field', () => {
  it('joins data lines with LF and removes one trailing LF', () => {
    expect(data(parse('data: a\ndata: b\ndata: c\n\n'))).toEqual(['a\nb\nc'])
    expect(data(parse('data: a\ndata:\n\n'))).toEqual(['a\n'])
  })

  it('dispatches an event with empty data when a data field was empty (WPT format-field-data)', () => {
    expect(data(parse('data:\n\ndata\ndata\n\ndata:test\n\n'))).toEqual(['', '\n', 'test'])
  })

  it('dispatches nothing for a block without data', () => {
    expect(events(parse('id: 1\n\n: c\n\n\n\n'))).toEqual([])
  })

  it('parses lines and data like browsers (WPT event-data)', () => {
    const body = 'data:msg\ndata: msg\n\n:\nfalsefield:msg\n\nfalsefield:msg\nData:data\n\ndata\n\ndata:end\n\n'
    expect(data(parse(body))).toEqual(['msg\nmsg', '', 'end'])
  })

  it('keeps data verbatim: spaces, tabs, JSON, control characters', () => {
    const json = '{"choices":[{"delta":{"content":" tok"}}]}'
    expect(data(parse(`data: ${json}\n\ndata: \t a \x01\n\n`))).toEqual([json, '\t a \x01'])
  })
})

describe('the id field and the last event ID', () => {
  it('sets the last event ID, which later events keep (WPT format-field-id-3 "persists")', () => {
    const frames = parse('id: 1\ndata: 1\n\ndata: 2\n\nid: 2\ndata:3\n\ndata:4\n\n')
    expect(events(frames).map((e) => [e.data, e.lastEventId, e.id])).toEqual([
      ['1', '1', '1'],
      ['2', '1', undefined],
      ['3', '2', '2'],
      ['4', '2', undefined]
    ])
    expect('id' in events(frames)[1]!).toBe(false)
  })

  it.each([
    ['id:', 'id:\n'],
    ['id (no colon)', 'id\n']
  ])('resets the last event ID with an empty %s (WPT format-field-id-3 "resets")', (_name, line) => {
    const frames = parse(`id: 1\ndata: 1\n\n${line}data:2\n\ndata:3\n\n`)
    expect(events(frames).map((e) => [e.lastEventId, e.id])).toEqual([
      ['1', '1'],
      ['', ''],
      ['', undefined]
    ])
  })

  it.each(['\0\0', 'x\0', '\0x', 'x\0x', ' \0'])('ignores an id containing U+0000 (%j) and says so (WPT format-field-id-null)', (value) => {
    const frames = parse(`id: 7\ndata: a\n\nid: ${value}\nretry: 200\ndata: hello\n\n`)
    const hello = events(frames)[1]!
    expect(hello).toMatchObject({ data: 'hello', lastEventId: '7' })
    expect(hello.id).toBeUndefined()
    const d = diagnostics(frames, 'id-contains-null')
    expect(d).toHaveLength(1)
    expect(d[0]).toMatchObject({ level: 'warning' })
    expect(d[0]!.message).toContain('"7"')
  })

  it('keeps non-ASCII ids (WPT format-field-id)', () => {
    expect(events(parse('id: …\nretry: 200\ndata: hello\n\n'))[0]).toMatchObject({ lastEventId: '…', id: '…' })
  })

  it('removes only one leading space from the id', () => {
    expect(events(parse('id:  5\ndata\n\n'))[0]!.lastEventId).toBe(' 5')
  })

  it('applies an id that comes after the data lines of its block', () => {
    expect(events(parse('data: x\nid: 9\n\n'))[0]).toMatchObject({ id: '9', lastEventId: '9' })
  })

  it('takes the last id of a block', () => {
    expect(events(parse('id: 1\nid: 2\ndata\n\n'))[0]).toMatchObject({ id: '2', lastEventId: '2' })
  })

  it('commits the id of a block without data, so the next event carries it', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parser.feed(bytes('id: 42\n\n'))
    expect(frames).toEqual([])
    expect(parser.lastEventId).toBe('42')
    parser.feed(bytes('data: x\n\n'))
    expect(events(frames)[0]).toMatchObject({ lastEventId: '42' })
    expect(events(frames)[0]!.id).toBeUndefined()
  })

  it('keeps the last event ID across end() for the next stream (WPT format-field-id-2)', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parseChunks(['id: …\nretry: 200\ndata: hello\n\n'], undefined, parser)
    expect(parser.lastEventId).toBe('…')
    parseChunks(['data: …\n\n'], undefined, parser)
    expect(events(frames)[1]).toMatchObject({ data: '…', lastEventId: '…' })
  })

  it('can be seeded through lastEventId', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parser.lastEventId = 'seed'
    parser.feed(bytes('data: x\n\n'))
    expect(events(frames)[0]!.lastEventId).toBe('seed')
    parser.feed(bytes('id\ndata: y\n\n'))
    expect(parser.lastEventId).toBe('')
  })

  it('does not commit an id from an event the stream never finished', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parseChunks(['id: 1\ndata: a\n\nid: 2\ndata: b\n'], undefined, parser)
    expect(parser.lastEventId).toBe('1')
    const discarded = diagnostics(frames, 'unfinished-event-discarded')[0]!
    expect(discarded.message).toContain('the id "2" (not committed: the last event ID stays "1")')
    parseChunks(['data: c\n\n'], undefined, parser)
    expect(events(frames).map((e) => e.lastEventId)).toEqual(['1', '1'])
  })
})

describe('the retry field', () => {
  it('reports a valid retry right away, before the event is dispatched', () => {
    expect(summary(parse('retry: 3000\ndata: x\n\n'))).toEqual(['retry 3000', 'event message "x" last=""'])
  })

  it('reads the digits in base ten (WPT format-field-retry: "03000" is 3000)', () => {
    expect(ofKind(parse('retry:03000\n'), 'retry')).toEqual([{ kind: 'retry', ms: 3000 }])
    expect(ofKind(parse('retry: 0\n'), 'retry')).toEqual([{ kind: 'retry', ms: 0 }])
  })

  it.each(['1000x', '-1', '+5', '1.5', '1e3', ' 100', '100 ', '٣', '', 'abc'])(
    'ignores retry %j with a warning (WPT format-field-retry-bogus)',
    (value) => {
      const frames = parse(`retry:3000\nretry: ${value}\ndata:x\n\n`)
      expect(ofKind(frames, 'retry')).toEqual([{ kind: 'retry', ms: 3000 }])
      const d = diagnostics(frames, 'invalid-retry')
      expect(d).toHaveLength(1)
      expect(d[0]).toMatchObject({ level: 'warning' })
      expect(d[0]!.message).toContain('reconnection time is unchanged')
    }
  )

  it('ignores an empty retry field (WPT format-field-retry-empty)', () => {
    const frames = parse('retry\ndata:test\n\n')
    expect(data(frames)).toEqual(['test'])
    expect(ofKind(frames, 'retry')).toEqual([])
    expect(diagnostics(frames, 'invalid-retry')).toHaveLength(1)
  })

  it('applies a retry even in an event that is never dispatched', () => {
    expect(summary(parse('retry: 10\n\nretry: 20\ndata: lost\n'))).toEqual(['retry 10', 'retry 20', 'warning unfinished-event-discarded'])
  })

  it('keeps an enormous retry value JSON-safe', () => {
    expect(ofKind(parse(`retry: ${'9'.repeat(40)}\n`), 'retry')[0]!.ms).toBe(Number.MAX_SAFE_INTEGER)
  })
})

describe('dispatch', () => {
  it('sets lastEventId on every event and id only on events whose block had one', () => {
    const [a, b] = events(parse('id: x\ndata: 1\n\ndata: 2\n\n'))
    expect(a).toEqual({ kind: 'event', type: 'message', data: '1', lastEventId: 'x', id: 'x', raw: 'id: x\ndata: 1\n\n' })
    expect(b).toEqual({ kind: 'event', type: 'message', data: '2', lastEventId: 'x', raw: 'data: 2\n\n' })
  })

  it('resets data and type after every blank line', () => {
    expect(summary(parse('event: a\ndata: 1\n\n\n\ndata: 2\n\n'))).toEqual(['event a "1" last=""', 'event message "2" last=""'])
  })

  it('discards the unfinished last event (WPT format-data-before-final-empty-line)', () => {
    const frames = parse('retry:1000\ndata:test1\n\nid:test\ndata:test2')
    expect(events(frames).map((e) => [e.data, e.lastEventId])).toEqual([['test1', '']])
  })
})

describe('end of stream', () => {
  it('discards an unfinished event and reports what was lost', () => {
    const frames = parse('data: kept\n\nevent: t\nid: 5\ndata: a\ndata: b\n')
    expect(summary(frames)).toEqual(['event message "kept" last=""', 'warning unfinished-event-discarded'])
    const { message } = diagnostics(frames, 'unfinished-event-discarded')[0]!
    expect(message).toContain('2 data lines ("a\\nb")')
    expect(message).toContain('the event type "t"')
    expect(message).toContain('the id "5"')
    expect(message).toContain('as browsers do')
  })

  it('never processes a last line that has no line ending', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parseChunks(['data: x\n\nid: 5\n\nretry: 100\n\nid: 6'], undefined, parser)
    expect(summary(frames)).toEqual(['event message "x" last=""', 'retry 100', 'warning unfinished-event-discarded'])
    expect(parser.lastEventId).toBe('5')
    expect(diagnostics(frames)[0]!.message).toContain('an unterminated last line "id: 6"')
  })

  it('reports a stream that ends after the data lines but before the blank line', () => {
    expect(summary(parse('data: x\n'))).toEqual(['warning unfinished-event-discarded'])
  })

  it('reports an unfinished block made only of ignored fields', () => {
    expect(summary(parse('foo\n'))).toEqual(['warning unknown-field', 'warning unfinished-event-discarded'])
  })

  it('does not report a trailing comment, which leaves nothing unfinished', () => {
    expect(summary(parse('data: x\n\n: bye\n'))).toEqual(['event message "x" last=""', 'comment "bye"'])
  })

  it('reports an unterminated comment line as unfinished', () => {
    expect(summary(parse('data: x\n\n: by'))).toEqual(['event message "x" last=""', 'warning unfinished-event-discarded'])
  })

  it('resets per-stream state so the same parser takes the next body', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parseChunks(['event: t\ndata: half'], undefined, parser)
    parseChunks(['data: whole\n\n'], undefined, parser)
    expect(summary(frames)).toEqual(['warning unfinished-event-discarded', 'event message "whole" last=""'])
    expect(events(frames)[0]!.raw).toBe('data: whole\n\n')
  })

  it('can be called twice', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f))
    parser.feed(bytes('data: x\n'))
    parser.end()
    parser.end()
    expect(summary(frames)).toEqual(['warning unfinished-event-discarded'])
  })
})

describe('raw', () => {
  it('is the text of the event lines from the first line after the previous blank line', () => {
    const frames = parse(': keep-alive\n\n: note\nevent: t\nid: 1\ndata: a\nfoo\ndata: b\n\n')
    expect(events(frames)[0]!.raw).toBe(': note\nevent: t\nid: 1\ndata: a\nfoo\ndata: b\n\n')
  })

  it('keeps CRLF and CR line endings, and the first character of the blank line ending', () => {
    expect(events(parse('data: a\r\ndata: b\r\n\r\n'))[0]!.raw).toBe('data: a\r\ndata: b\r\n\r')
    expect(events(parse('data: a\rdata: b\r\r'))[0]!.raw).toBe('data: a\rdata: b\r\r')
  })

  it('does not depend on chunking, even with CRLF split between chunks', () => {
    const body = bytes('id: 1\r\nevent: t\r\n: c\r\ndata: a\r\ndata: 東京\r\n\r\n')
    const whole = parse(body)
    expect(events(whole)[0]!.raw).toBe('id: 1\r\nevent: t\r\n: c\r\ndata: a\r\ndata: 東京\r\n\r')
    for (let cut = 1; cut < body.length; cut++) expect(parseChunks(splitAt(body, [cut]))).toEqual(whole)
    expect(parseChunks(chunksOf(body, 1))).toEqual(whole)
  })

  it('is left out with keepRaw: false', () => {
    const [e] = events(parse('data: x\n\n', { keepRaw: false }))
    expect(e).toEqual({ kind: 'event', type: 'message', data: 'x', lastEventId: '' })
    expect('raw' in e!).toBe(false)
  })

  it('excludes a preceding block that dispatched nothing', () => {
    expect(events(parse('event: x\n\ndata: y\n\n'))[0]!.raw).toBe('data: y\n\n')
  })
})

describe('maxLineBytes', () => {
  const opts = { maxLineBytes: 10 }

  it('accepts a line of exactly maxLineBytes', () => {
    expect(data(parse('data: 1234\n\n', opts))).toEqual(['1234'])
  })

  it('abandons the event of an over-long line and resumes at the next event', () => {
    const frames = parse('data: kept\n\nid: 1\ndata: a\ndata: 123456789\nid: 2\nretry: 5\n\ndata: next\n\n', opts)
    expect(summary(frames)).toEqual(['event message "kept" last=""', 'error line-too-long', 'event message "next" last=""'])
    const d = diagnostics(frames, 'line-too-long')[0]!
    expect(d.level).toBe('error')
    // The long line and the two lines after it: 15 + 5 + 8 bytes.
    expect(d.message).toContain('3 lines (28 bytes)')
    expect(d.message).toContain('maxLineBytes (10 bytes)')
    expect(d.message).toContain('resumed with the next event')
    // The abandoned block's id is not committed; its later fields were dropped unread.
    expect(events(frames)[1]!.lastEventId).toBe('')
    expect(events(frames)[1]!.raw).toBe('data: next\n\n')
  })

  it('gives the same frames whether the long line arrives whole or in pieces', () => {
    const body = bytes('data: a\n', 'data: ', 'x'.repeat(40), '\r\n', 'event: e\r\n\r\n', 'data: b\r\n\r\n')
    const whole = parse(body, opts)
    expect(summary(whole)).toEqual(['error line-too-long', 'event message "b" last=""'])
    for (const size of [1, 2, 3, 7, 11]) expect(parseChunks(chunksOf(body, size), opts)).toEqual(whole)
  })

  it('counts bytes of non-ASCII text exactly in the message', () => {
    const frames = parse('data: éééééééééé\n\n', opts)
    expect(diagnostics(frames, 'line-too-long')[0]!.message).toContain('1 line (26 bytes)')
  })

  it('measures lines in UTF-8 bytes, not characters', () => {
    // "data:" + 2 x 2 bytes + 1 = 10 bytes in 8 characters: accepted; one more é (11 bytes): too long.
    expect(data(parse('data:ééx\n\n', opts))).toEqual(['ééx'])
    expect(summary(parse('data:ééé\n\n', opts))).toEqual(['error line-too-long'])
    // "data:" + 3 bytes = 8 bytes: accepted; 東京 makes it 11 bytes in 7 characters: too long.
    expect(data(parse('data:東\n\n', opts))).toEqual(['東'])
    expect(summary(parse('data:東京\n\n', opts))).toEqual(['error line-too-long'])
  })

  it('reports a stream that ends while skipping', () => {
    const frames = parse('data: 1234567890\ndata: x', opts)
    expect(summary(frames)).toEqual(['error line-too-long'])
    expect(diagnostics(frames)[0]!.message).toContain('up to the end of the stream')
    expect(diagnostics(frames)[0]!.message).toContain('2 lines')
  })

  it('gives up on an over-long line before it ends (no unbounded buffering)', () => {
    const frames = parseChunks(['data: 12', '3456789', '0123'], opts)
    expect(summary(frames)).toEqual(['error line-too-long'])
    expect(diagnostics(frames)[0]!.message).toContain('1 line (19 bytes)')
  })

  it('abandons a long comment line too', () => {
    expect(summary(parse(`: ${'c'.repeat(20)}\ndata: x\n\ndata: y\n\n`, opts))).toEqual([
      'error line-too-long',
      'event message "y" last=""'
    ])
  })
})

describe('maxEventBytes', () => {
  const opts = { maxEventBytes: 10 }

  it('accepts an event of exactly maxEventBytes (data lines joined by LF)', () => {
    expect(data(parse('data: 1234\ndata: 56789\n\n', opts))).toEqual(['1234\n56789'])
  })

  it('abandons an event whose data would grow past the limit and resumes at the next event', () => {
    const frames = parse('id: 1\ndata: 12345\ndata: 678901\nid: 2\n\nid: 3\ndata: ok\n\n', opts)
    expect(summary(frames)).toEqual(['error event-too-large', 'event message "ok" last="3" id="3"'])
    const { message, level } = diagnostics(frames, 'event-too-large')[0]!
    expect(level).toBe('error')
    expect(message).toContain('maxEventBytes (10 bytes)')
    expect(message).toContain('The 5 bytes of data already buffered were dropped')
    expect(message).toContain('2 lines (17 bytes)')
  })

  it('measures data in UTF-8 bytes, not characters', () => {
    expect(data(parse('data: ééééé\n\n', opts))).toEqual(['ééééé'])
    expect(summary(parse('data: éééééé\n\ndata: ok\n\n', opts))).toEqual(['error event-too-large', 'event message "ok" last=""'])
    expect(summary(parse('data: é\ndata: éééé\n\n', opts))).toEqual(['error event-too-large'])
  })

  it('reports a single data line that is too large on its own', () => {
    const frames = parse('data: 12345678901\n\ndata: ok\n\n', opts)
    expect(summary(frames)).toEqual(['error event-too-large', 'event message "ok" last=""'])
  })

  it('does not commit the id of an abandoned event', () => {
    const frames: ParsedFrame[] = []
    const parser = new EventStreamParser((f) => frames.push(f), opts)
    parseChunks(['id: 1\ndata: 12345678901\n\n'], undefined, parser)
    expect(parser.lastEventId).toBe('')
  })

  it('gives the same frames however the stream is chunked', () => {
    const body = bytes('data: 12345\r\ndata: 67890\r\ndata: x\r\n\r\ndata: ok\r\n\r\n')
    const whole = parse(body, opts)
    for (const size of [1, 2, 5, 9]) expect(parseChunks(chunksOf(body, size), opts)).toEqual(whole)
  })
})

describe('diagnostic frames', () => {
  it('use only the documented codes and levels', () => {
    const body = bytes(BOM, [0xff], 'x\nretry: no\nid: \0\nevent: e\n\nFoo\n', 'data: ', 'y'.repeat(20), '\n\ndata: z')
    const frames = parse(body, { maxLineBytes: 10 })
    expect(diagnostics(frames).map((d) => `${d.level} ${d.code}`)).toEqual([
      'info bom-stripped',
      'warning invalid-utf8',
      'warning unknown-field',
      'warning invalid-retry',
      'warning id-contains-null',
      'warning event-without-data',
      'warning unknown-field',
      'error line-too-long',
      'warning unfinished-event-discarded'
    ])
    for (const d of diagnostics(frames)) expect(d.message.length).toBeGreaterThan(20)
  })
})
