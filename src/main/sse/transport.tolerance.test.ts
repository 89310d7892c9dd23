import { readFileSync } from 'node:fs'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import zlib from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../shared/frames'
import { clientHarness, ofKind } from '../testing/client-harness'
import { SSE_HEADERS } from '../testing/local-server'

// Responses that Chromium and curl read, each written byte for byte by a raw loopback server.
// Every one must give its events, and a diagnostic where the server is at fault.

const { serve, serveRaw, run, cleanup } = clientHarness()
afterEach(cleanup)

const BODY = 'data: one\n\ndata: two\n\n'
const EVENTS = ['one', 'two']
const ZSTD_BODY = readFileSync(join(import.meta.dirname, 'fixtures', 'two-events.sse.zst'))
const events = (frames: Frame[]) => ofKind(frames, 'event').map((e) => e.data)
const codes = (frames: Frame[]) => ofKind(frames, 'diagnostic').map((d) => d.code)
const closed = (frames: Frame[]) => frames.some((f) => f.kind === 'close')

const head = (lines: string[], eol = '\r\n') => Buffer.from([...lines, '', ''].join(eol), 'latin1')
const sse = (extra: string[] = []) => ['HTTP/1.1 200 OK', 'Content-Type: text/event-stream', ...extra]
const chunked = (body: Buffer | string, eol = '\r\n') => {
  const bytes = Buffer.from(body)
  const half = Math.ceil(bytes.length / 2)
  const parts = [bytes.subarray(0, half), bytes.subarray(half)]
  return Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`${p.length.toString(16)}${eol}`), p, Buffer.from(eol)]),
    Buffer.from(`0${eol}${eol}`)
  ])
}

/** Serves one exact response to every request, then closes. */
async function rawResponse(bytes: Buffer): Promise<string> {
  const server = await serveRaw((socket) => socket.once('data', () => socket.end(bytes)))
  return server.url
}

async function read(bytes: Buffer): Promise<Frame[]> {
  const { until } = run({ url: await rawResponse(bytes), reconnect: 'off' })
  return until(closed)
}

const gzip = (s: string | Buffer) => zlib.gzipSync(s)
const withLength = (body: Buffer, extra: string[] = []) => Buffer.concat([head(sse([...extra, `Content-Length: ${body.length}`])), body])

describe('content codings browsers accept', () => {
  it.each([
    ['gzip', 'gzip', gzip(BODY), 'gzip', []],
    ['x-gzip, an alias of gzip', 'x-gzip', gzip(BODY), 'gzip', []],
    ['gzip in upper case with spaces', '  GZip ', gzip(BODY), 'gzip', []],
    ['deflate with its zlib wrapper', 'deflate', zlib.deflateSync(BODY), 'deflate', []],
    ['deflate without the zlib wrapper (raw DEFLATE)', 'deflate', zlib.deflateRawSync(BODY), 'deflate', ['deflate-without-zlib-header']],
    ['br', 'br', zlib.brotliCompressSync(BODY), 'br', []],
    ['zstd', 'zstd', null, 'zstd', []],
    ['gzip then br, stacked', 'gzip, br', zlib.brotliCompressSync(gzip(BODY)), 'gzip, br', []],
    [
      'gzip with bytes after its end',
      'gzip',
      Buffer.concat([gzip(BODY), Buffer.from('trailing junk')]),
      'gzip',
      ['content-encoding-trailing-data']
    ],
    ['two concatenated gzip members', 'gzip', Buffer.concat([gzip('data: one\n\n'), gzip('data: two\n\n')]), 'gzip', []],
    ['identity', 'identity', Buffer.from(BODY), undefined, []]
  ])('reads %s', async (_name, header, body, reported, diagnostics) => {
    const bytes = body ?? ZSTD_BODY
    const expected = body ? EVENTS : ['zstd one', 'zstd two']
    const frames = await read(withLength(bytes, [`Content-Encoding: ${header}`]))
    expect(events(frames)).toEqual(expected)
    expect(ofKind(frames, 'open')[0]?.contentEncoding).toBe(reported)
    expect(codes(frames)).toEqual(diagnostics)
    expect(ofKind(frames, 'error')[0]?.message).toBe('The server ended the stream.')
  })

  it.each(['gzip', 'deflate', 'br', 'zstd'])('reads an empty %s body as an empty stream', async (coding) => {
    const frames = await read(withLength(Buffer.alloc(0), [`Content-Encoding: ${coding}`]))
    expect(ofKind(frames, 'error')[0]?.message).toBe('The server ended the stream.')
  })

  it('quotes a compressed error body as text', async () => {
    const body = gzip('{"error": "invalid api key"}')
    const frames = await read(
      Buffer.concat([
        head(['HTTP/1.1 401 Unauthorized', 'Content-Type: application/json', 'Content-Encoding: gzip', `Content-Length: ${body.length}`]),
        body
      ])
    )
    expect(ofKind(frames, 'error')[0]?.message).toMatch(/^The server answered 401 Unauthorized.* Body: \{"error": "invalid api key"\}$/)
  })

  it('reads a body in an unknown coding as it came, as Chromium does, and says so', async () => {
    const frames = await read(withLength(Buffer.from(BODY), ['Content-Encoding: snappy']))
    expect(events(frames)).toEqual(EVENTS)
    expect(ofKind(frames, 'open')[0]?.contentEncoding).toBeUndefined()
    expect(ofKind(frames, 'diagnostic')[0]).toMatchObject({ level: 'warning', code: 'content-encoding-unknown' })
    expect(ofKind(frames, 'diagnostic')[0]?.message).toContain('"snappy" is not a coding the inspector knows')
  })

  it('delivers each event of a live gzip stream as soon as it is flushed, before the stream ends', async () => {
    let release = (): void => {}
    const server = await serve((_req, res) => {
      res.writeHead(200, { ...SSE_HEADERS, 'content-encoding': 'gzip' })
      const gz = zlib.createGzip()
      gz.pipe(res)
      gz.write('data: early\n\n')
      gz.flush(zlib.constants.Z_SYNC_FLUSH)
      release = () => gz.end('data: late\n\n')
    })
    const { frames, until } = run({ url: server.url, reconnect: 'off' })
    await until((f) => events(f).includes('early'))
    expect(events(frames)).toEqual(['early'])
    release()
    await until(closed)
    expect(events(frames)).toEqual(['early', 'late'])
  })

  it('says a gzip body that stops before its end was cut short, after delivering what came', async () => {
    // Stored (level 0), so the cut falls at a known place: 10 header + 5 block header + 14 data bytes.
    const cut = zlib.gzipSync(BODY, { level: 0 }).subarray(0, 29)
    const frames = await read(withLength(cut, ['Content-Encoding: gzip']))
    expect(events(frames)).toEqual(['one'])
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /could not be decoded: the gzip data ended before the compressed stream was complete: the body was cut short \(Z_BUF_ERROR/
    )
  })

  const LONG = Buffer.from(`data: one\n\ndata: ${'x'.repeat(5000)}\n\n`)
  it.each([
    ['deflate', zlib.deflateSync(LONG).subarray(0, -5)],
    ['deflate', zlib.deflateRawSync(LONG).subarray(0, -5)],
    ['br', zlib.brotliCompressSync(LONG).subarray(0, -5)],
    ['zstd', ZSTD_BODY.subarray(0, -4)]
  ])('says a %s body that stops before its end was cut short', async (coding, body) => {
    const frames = await read(withLength(body, [`Content-Encoding: ${coding}`]))
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      new RegExp(`could not be decoded: the ${coding} data ended before the compressed stream was complete: the body was cut short`)
    )
  })

  it('says a body that is not in its declared coding is not, quoting how it starts', async () => {
    const frames = await read(withLength(Buffer.from(BODY), ['Content-Encoding: br']))
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /the body is not br data, although Content-Encoding says it is \(it starts with "data: one/
    )
  })
})

describe('framing and heads browsers and curl accept', () => {
  const bigValue = 'v'.repeat(100 * 1024)
  it.each([
    [
      'Transfer-Encoding: chunked beside Content-Length (RFC 9112 §6.3)',
      Buffer.concat([head(sse(['Transfer-Encoding: chunked', 'Content-Length: 5'])), chunked(BODY)]),
      ['content-length-with-chunked']
    ],
    [
      'Content-Length before Transfer-Encoding',
      Buffer.concat([head(sse(['Content-Length: 999', 'Transfer-Encoding: chunked'])), chunked(BODY)]),
      ['content-length-with-chunked']
    ],
    [
      'chunk extensions',
      Buffer.concat([
        head(sse(['Transfer-Encoding: chunked'])),
        Buffer.from(`${BODY.length.toString(16)};name="v"\r\n${BODY}\r\n0\r\n\r\n`)
      ]),
      []
    ],
    [
      'whitespace after a chunk size',
      Buffer.concat([head(sse(['Transfer-Encoding: chunked'])), Buffer.from(`${BODY.length.toString(16)}  \r\n${BODY}\r\n0\r\n\r\n`)]),
      ['chunk-size-whitespace']
    ],
    [
      'bare LF line ends in the head and the chunks',
      Buffer.concat([head(sse(['Transfer-Encoding: chunked']), '\n'), chunked(BODY, '\n')]),
      ['bare-lf-line-ends']
    ],
    ['Transfer-Encoding in odd case and spacing', Buffer.concat([head(sse(['transfer-encoding:   Chunked  '])), chunked(BODY)]), []],
    [
      'chunked with trailers',
      Buffer.concat([
        head(sse(['Transfer-Encoding: chunked'])),
        Buffer.from(`${BODY.length.toString(16)}\r\n${BODY}\r\n0\r\nX-Trailer: 1\r\n\r\n`)
      ]),
      []
    ],
    [
      'obsolete line folding',
      Buffer.concat([head(sse(['X-Folded: first', '  second', '\tthird'])), Buffer.from(BODY)]),
      ['obsolete-line-folding']
    ],
    [
      'a folded Content-Type',
      Buffer.concat([head(['HTTP/1.1 200 OK', 'Content-Type:', ' text/event-stream']), Buffer.from(BODY)]),
      ['obsolete-line-folding']
    ],
    [
      'the same Content-Length twice',
      Buffer.concat([head(sse([`Content-Length: ${BODY.length}`, `Content-Length: ${BODY.length}`])), Buffer.from(BODY)]),
      ['duplicate-content-length']
    ],
    [
      'a Content-Length list of one value',
      Buffer.concat([head(sse([`Content-Length: ${BODY.length}, ${BODY.length}`])), Buffer.from(BODY)]),
      ['duplicate-content-length']
    ],
    [
      'a Content-Length that is not a number',
      Buffer.concat([head(sse(['Content-Length: lots'])), Buffer.from(BODY)]),
      ['invalid-content-length']
    ],
    ['Connection: close and no length', Buffer.concat([head(sse(['Connection: close'])), Buffer.from(BODY)]), []],
    ['an HTTP/1.0 response', Buffer.concat([head(['HTTP/1.0 200 OK', 'Content-Type: text/event-stream']), Buffer.from(BODY)]), []],
    [
      'a status line without a reason phrase',
      Buffer.concat([head(['HTTP/1.1 200', 'Content-Type: text/event-stream']), Buffer.from(BODY)]),
      []
    ],
    ['headers over Node’s 16 KiB', Buffer.concat([head(sse([`X-Big: ${bigValue}`])), Buffer.from(BODY)]), []],
    [
      'whitespace before a header colon',
      Buffer.concat([head(['HTTP/1.1 200 OK', 'Content-Type : text/event-stream']), Buffer.from(BODY)]),
      ['header-name-whitespace']
    ],
    ['a header line without a colon', Buffer.concat([head(sse(['NoColonHere'])), Buffer.from(BODY)]), ['malformed-header-line']],
    ['a control character in a header value', Buffer.concat([head(sse(['X-Odd: a\x01b'])), Buffer.from(BODY)]), []],
    ['a lower-case HTTP version', Buffer.concat([head(['http/1.1 200 OK', 'Content-Type: text/event-stream']), Buffer.from(BODY)]), []],
    [
      'HTTP/2.0 in an HTTP/1 status line',
      Buffer.concat([head(['HTTP/2.0 200 OK', 'Content-Type: text/event-stream', 'Transfer-Encoding: chunked']), chunked(BODY)]),
      []
    ],
    ['spaces around the status code', Buffer.concat([head(['HTTP/1.1  200  ', 'Content-Type: text/event-stream']), Buffer.from(BODY)]), []],
    ['empty lines before the status line', Buffer.concat([Buffer.from('\r\n\n'), head(sse()), Buffer.from(BODY)]), []],
    [
      'Transfer-Encoding: chunked sent twice',
      Buffer.concat([head(sse(['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'])), chunked(BODY)]),
      []
    ],
    [
      'a last chunk without the blank line after it',
      Buffer.concat([head(sse(['Transfer-Encoding: chunked'])), Buffer.from(`${BODY.length.toString(16)}\r\n${BODY}\r\n0\r\n`)]),
      []
    ],
    ['a Content-Length with spaces', Buffer.concat([head(sse([`Content-Length:   ${BODY.length}  `])), Buffer.from(BODY)]), []],
    [
      '103 Early Hints before the response',
      Buffer.concat([
        head(['HTTP/1.1 103 Early Hints', 'Link: </a.css>; rel=preload']),
        head(sse(['Transfer-Encoding: chunked'])),
        chunked(BODY)
      ]),
      []
    ]
  ])('reads %s', async (_name, bytes, diagnostics) => {
    const frames = await read(bytes)
    expect(events(frames)).toEqual(EVENTS)
    expect(codes(frames)).toEqual(diagnostics)
    for (const d of ofKind(frames, 'diagnostic')) expect(d.level).toBe('warning')
  })

  /** Writes the response one byte per write, each after the last has left. */
  async function readByteByByte(bytes: Buffer): Promise<Frame[]> {
    const server = await serveRaw((socket) =>
      socket.once('data', () => {
        void (async () => {
          for (const byte of bytes) await new Promise<void>((resolve) => socket.write(Buffer.of(byte), () => resolve()))
          socket.end()
        })()
      })
    )
    const { until } = run({ url: server.url, reconnect: 'off' })
    return until(closed)
  }

  it('reads a chunked body whose framing arrives one byte at a time', async () => {
    const frames = await readByteByByte(
      Buffer.concat([head(sse(['Transfer-Encoding: chunked', 'Content-Length: 3']), '\n'), chunked(BODY, '\n')])
    )
    expect(events(frames)).toEqual(EVENTS)
    expect(codes(frames).sort()).toEqual(['bare-lf-line-ends', 'content-length-with-chunked'])
  })

  it.each([
    ['with', zlib.deflateSync(BODY), []],
    ['without', zlib.deflateRawSync(BODY), ['deflate-without-zlib-header']]
  ])('reads deflate %s its zlib wrapper arriving one byte at a time', async (_name, body, diagnostics) => {
    const frames = await readByteByByte(Buffer.concat([head(sse(['Connection: close', 'Content-Encoding: deflate'])), body]))
    expect(events(frames)).toEqual(EVENTS)
    expect(codes(frames)).toEqual(diagnostics)
  })

  it('reads gzip members and trailing bytes that arrive one byte at a time', async () => {
    const body = Buffer.concat([gzip('data: one\n\n'), gzip('data: two\n\n'), Buffer.from('junk')])
    const frames = await readByteByByte(Buffer.concat([head(sse(['Transfer-Encoding: chunked', 'Content-Encoding: gzip'])), chunked(body)]))
    expect(events(frames)).toEqual(EVENTS)
    expect(codes(frames)).toEqual(['content-encoding-trailing-data'])
  })

  it('refuses different Content-Length values, as Chromium does, naming them', async () => {
    const frames = await read(Buffer.concat([head(sse(['Content-Length: 5', 'Content-Length: 7'])), Buffer.from(BODY)]))
    expect(events(frames)).toEqual([])
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /^127\.0\.0\.1:\d+ sent a malformed HTTP response: it has several different Content-Length values \(5, 7\).*\(ERR_MULTIPLE_CONTENT_LENGTH\)/
    )
  })

  it('says a chunked body cut off mid-chunk was cut short, after the events that came', async () => {
    const frames = await read(
      Buffer.concat([head(sse(['Transfer-Encoding: chunked'])), Buffer.from('b\r\ndata: one\n\n\r\n20\r\ndata: tw')])
    )
    expect(events(frames)).toEqual(['one'])
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /^127\.0\.0\.1:\d+ closed the connection in the middle of a chunk \(8 of its 32 bytes arrived\), before the chunked body's final zero-size chunk: the response was cut short\.$/
    )
  })

  it('says a body shorter than its Content-Length was cut short', async () => {
    const frames = await read(Buffer.concat([head(sse(['Content-Length: 100'])), Buffer.from('data: one\n\n')]))
    expect(events(frames)).toEqual(['one'])
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /closed the connection 89 bytes short of the Content-Length it announced: the response was cut short\./
    )
  })

  it('says a connection that closed in the middle of the headers did that', async () => {
    const frames = await read(Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/event-str'))
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /^127\.0\.0\.1:\d+ sent a malformed HTTP response: the connection closed in the middle of its headers \(45 bytes of them arrived, without the blank line that ends them\) \(ERR_INCOMPLETE_HEADERS\)/
    )
  })

  it('says a corrupt chunk size is corrupt framing, not a network failure', async () => {
    const frames = await read(Buffer.concat([head(sse(['Transfer-Encoding: chunked'])), Buffer.from('zz\r\ndata: one\n\n\r\n')]))
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /sent a malformed HTTP response: the chunked body is corrupt: "zz" is not a chunk size \(hexadecimal digits\) \(ERR_INVALID_CHUNK\)/
    )
  })
})

describe('network errors name their real cause', () => {
  it('says a reset mid-stream was a reset', async () => {
    let peer: Socket | null = null
    const server = await serveRaw((socket) =>
      socket.once('data', () => {
        peer = socket
        socket.write(Buffer.concat([head(sse()), Buffer.from('data: one\n\n')]))
      })
    )
    const { frames, until } = run({ url: server.url, reconnect: 'off' })
    await until((f) => events(f).includes('one'))
    ;(peer as Socket | null)?.resetAndDestroy()
    await until(closed)
    expect(events(frames)).toEqual(['one'])
    expect(ofKind(frames, 'error')[0]?.message).toMatch(/^Mid-stream: 127\.0\.0\.1:\d+ reset the connection \(ECONNRESET\)/)
  })

  it('says a server that answers in TLS serves https', async () => {
    // A TLS alert record (protocol_version), what a TLS-only port sends to plain text.
    const frames = await read(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]))
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /answered in TLS, not plain HTTP \(HPE_INVALID_CONSTANT\).*with https: instead of http:/
    )
  })

  it('says a server that sends nothing and hangs up did just that', async () => {
    const frames = await read(Buffer.alloc(0))
    expect(ofKind(frames, 'error')[0]?.message).toMatch(/closed the connection without sending any response \(ECONNRESET, socket hang up\)/)
  })
})
