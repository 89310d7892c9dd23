import type { DiagnosticCode } from '../../shared/frames'
import { Duplex } from 'node:stream'

/**
 * Something the server got wrong in its response's head or framing that browsers and curl
 * read anyway, and so does the inspector. `code` becomes a diagnostic frame's code.
 */
export interface FramingNotice {
  code: DiagnosticCode
  message: string
}

/** An error in framing that neither Chromium nor curl reads past; `code` is searched for in messages. */
export class FramingError extends Error {
  constructor(
    message: string,
    readonly code: 'ERR_RESPONSE_HEADERS_TOO_BIG' | 'ERR_MULTIPLE_CONTENT_LENGTH' | 'ERR_INVALID_CHUNK' | 'ERR_INCOMPLETE_HEADERS'
  ) {
    super(message)
  }
}

/** Chromium's limit for a response head (kMaxHeaderBufSize in net/http/http_stream_parser.cc). */
export const MAX_RESPONSE_HEAD_BYTES = 256 * 1024
/** Chromium's limit for one chunk-size line (kMaxLineBufLen in net/http/http_chunked_decoder.h). */
const MAX_CHUNK_LINE_BYTES = 16 * 1024
const LF = 0x0a
const CR = 0x0d

type State = 'head' | 'chunk-size' | 'chunk-data' | 'chunk-data-end' | 'trailers' | 'body' | 'done'

/**
 * Sits between the socket and Node's HTTP parser (llhttp) and rewrites what llhttp refuses but
 * Chromium (net/http HttpStreamParser, HttpResponseHeaders, HttpChunkedDecoder) and curl
 * (lib/http.c, lib/http_chunks.c) accept into plain HTTP/1.1, reporting each repair:
 *
 * - a head with bare LF line ends (RFC 9112 §2.2 lets a recipient accept them);
 * - obsolete line folding (RFC 9112 §5.2: replace it with a space);
 * - whitespace between a header name and its colon, header lines without a colon (dropped);
 * - Content-Length beside Transfer-Encoding (RFC 9112 §6.3: Transfer-Encoding wins);
 * - repeated identical Content-Length values (RFC 9110 §8.6), and unparsable ones (ignored,
 *   so the body runs to the end of the connection, as in Chromium);
 * - heads up to 256 KiB (Chromium's limit; Node stops at 16 KiB);
 * - chunked bodies with bare LF, whitespace after the size, or extensions, which are
 *   re-sent to llhttp as canonical chunks as they arrive (nothing is held back).
 *
 * Request bytes pass through untouched. `truncation()` says how a body that ended early was cut.
 */
export class ResponseNormalizer extends Duplex {
  private state: State = 'head'
  private pending: Buffer = Buffer.alloc(0)
  private chunkLeft = 0
  private chunkSize = 0
  private bodyLeft: number | null = null
  private readonly noticed = new Set<string>()
  /** The error the underlying socket failed with, if it did (a reset, a TLS alert). */
  socketError: (Error & { code?: string }) | null = null

  constructor(
    private readonly socket: Duplex,
    private readonly onNotice: (notice: FramingNotice) => void
  ) {
    super()
    socket.on('data', (chunk: Buffer) => {
      try {
        this.receive(chunk)
      } catch (err) {
        this.socketError = err as Error
        this.destroy(err as Error)
      }
    })
    socket.once('end', () => {
      if (this.state === 'head' && /^\s*HTTP\//i.test(this.pending.subarray(0, 16).toString('latin1'))) {
        const error = new FramingError(
          `the connection closed in the middle of its headers (${this.pending.length} bytes of them arrived, without the blank line that ends them)`,
          'ERR_INCOMPLETE_HEADERS'
        )
        this.socketError = error
        this.destroy(error)
        return
      }
      // Not HTTP at all: llhttp says what it is.
      if (this.state === 'head' && this.pending.length > 0) this.push(this.pending)
      // The last chunk came and only the blank line closing its trailers did not: the body is whole.
      if (this.state === 'trailers') this.push(Buffer.from('0\r\n\r\n'))
      this.push(null)
    })
    socket.once('error', (err) => {
      this.socketError = err
      this.destroy(err)
    })
    socket.once('close', () => {
      // Let the reader take what was pushed before the socket went, then close like a socket does.
      if (this.readableEnded) this.destroy()
      else this.once('end', () => this.destroy())
    })
    // Node's HTTP client looks for these on its socket.
    for (const event of ['connect', 'secureConnect', 'lookup', 'ready', 'timeout'] as const) {
      socket.on(event, (...args: unknown[]) => this.emit(event, ...args))
    }
  }

  /** How the body was cut short, when the connection ended before its framing said it would; null otherwise. */
  truncation(): string | null {
    switch (this.state) {
      case 'chunk-data':
        return `in the middle of a chunk (${this.chunkSize - this.chunkLeft} of its ${this.chunkSize} bytes arrived), before the chunked body's final zero-size chunk`
      case 'chunk-size':
      case 'chunk-data-end':
        return "before the chunked body's final zero-size chunk"
      case 'body':
        return this.bodyLeft !== null && this.bodyLeft > 0 ? `${this.bodyLeft} bytes short of the Content-Length it announced` : null
      default:
        return null
    }
  }

  /**
   * Why the TLS certificate did not verify, when it did not and was accepted anyway (insecure
   * mode); null for a verified certificate or plain TCP. Node's TLSSocket.authorizationError.
   */
  tlsAuthorizationError(): string | null {
    const tls = this.socket as { authorized?: boolean; authorizationError?: Error | string }
    if (tls.authorized !== false) return null
    const error = tls.authorizationError
    return typeof error === 'string' ? error : (error?.message ?? 'unverified')
  }

  setNoDelay(noDelay?: boolean): this {
    ;(this.socket as { setNoDelay?: (v?: boolean) => void }).setNoDelay?.(noDelay)
    return this
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    ;(this.socket as { setKeepAlive?: (e?: boolean, d?: number) => void }).setKeepAlive?.(enable, delay)
    return this
  }

  setTimeout(ms: number, callback?: () => void): this {
    ;(this.socket as { setTimeout?: (ms: number) => void }).setTimeout?.(ms)
    if (callback) this.once('timeout', callback)
    return this
  }

  ref(): this {
    ;(this.socket as { ref?: () => void }).ref?.()
    return this
  }

  unref(): this {
    ;(this.socket as { unref?: () => void }).unref?.()
    return this
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, encoding, callback)
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback)
  }

  override _read(): void {
    // The reader wants more: let the socket flow again if a full buffer paused it.
    this.socket.resume()
  }

  // Back-pressure passes through: once the reader's buffer is full the socket stops being read, so
  // TCP flow control slows the server instead of the stream piling up in memory (issue #13 finding 6).
  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    const more = super.push(chunk, encoding)
    if (!more && chunk !== null) this.socket.pause()
    return more
  }

  override _destroy(err: Error | null, callback: (error: Error | null) => void): void {
    this.socket.destroy()
    callback(err)
  }

  private notice(code: DiagnosticCode, message: string): void {
    if (this.noticed.has(code)) return
    this.noticed.add(code)
    this.onNotice({ code, message })
  }

  private receive(chunk: Buffer): void {
    let input = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = Buffer.alloc(0)
    while (input.length > 0) {
      const rest = this.step(input)
      if (rest === null) return
      input = rest
    }
  }

  /** Consumes what it can of input; returns the rest, or null when it needs more bytes (kept in pending). */
  private step(input: Buffer): Buffer | null {
    switch (this.state) {
      case 'head':
        return this.takeHead(input)
      case 'chunk-size':
        return this.takeChunkSize(input)
      case 'chunk-data': {
        const n = Math.min(this.chunkLeft, input.length)
        this.push(Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), input.subarray(0, n), Buffer.from('\r\n')]))
        this.chunkLeft -= n
        if (this.chunkLeft === 0) this.state = 'chunk-data-end'
        return input.subarray(n)
      }
      case 'chunk-data-end': {
        // Chromium and curl both take a bare LF after chunk data; anything else is corrupt.
        if (input[0] === LF) {
          this.bareLf()
          this.state = 'chunk-size'
          return input.subarray(1)
        }
        if (input[0] !== CR) throw this.badChunk('chunk data is not followed by a line end')
        if (input.length < 2) return this.wait(input)
        if (input[1] !== LF) throw this.badChunk('chunk data is followed by a CR without an LF')
        this.state = 'chunk-size'
        return input.subarray(2)
      }
      case 'trailers': {
        const line = this.line(input, MAX_RESPONSE_HEAD_BYTES)
        if (!line) return this.wait(input)
        if (line.text.length === 0) {
          this.push(Buffer.from('0\r\n\r\n'))
          this.state = 'done'
        }
        return line.rest
      }
      case 'body': {
        if (this.bodyLeft === null) {
          this.push(input)
          return Buffer.alloc(0)
        }
        const n = Math.min(this.bodyLeft, input.length)
        this.push(input.subarray(0, n))
        this.bodyLeft -= n
        if (this.bodyLeft === 0) this.state = 'done'
        return input.subarray(n)
      }
      case 'done':
        // Bytes after a complete response: nothing reads them (the socket is not reused).
        return Buffer.alloc(0)
    }
  }

  private wait(input: Buffer): null {
    this.pending = Buffer.from(input)
    return null
  }

  private line(input: Buffer, max: number): { text: string; rest: Buffer } | null {
    const lf = input.indexOf(LF)
    if (lf < 0) {
      if (input.length > max) throw this.badChunk(`a chunk line is longer than ${max} bytes`)
      return null
    }
    const crlf = lf > 0 && input[lf - 1] === CR
    if (!crlf) this.bareLf()
    return { text: input.subarray(0, crlf ? lf - 1 : lf).toString('latin1'), rest: input.subarray(lf + 1) }
  }

  private bareLf(): void {
    this.notice(
      'bare-lf-line-ends',
      'The response uses bare LF instead of CRLF to end lines of its head or chunked framing. RFC 9112 §2.2 lets a client accept that, and browsers and curl do; other HTTP clients may not.'
    )
  }

  private badChunk(what: string): FramingError {
    return new FramingError(`the chunked body is corrupt: ${what}`, 'ERR_INVALID_CHUNK')
  }

  private takeChunkSize(input: Buffer): Buffer | null {
    const line = this.line(input, MAX_CHUNK_LINE_BYTES)
    if (!line) return this.wait(input)
    const semicolon = line.text.indexOf(';')
    const sizeText = semicolon >= 0 ? line.text.slice(0, semicolon) : line.text
    const trimmed = sizeText.replace(/[ \t]+$/, '')
    if (!/^[0-9a-fA-F]{1,15}$/.test(trimmed)) {
      throw this.badChunk(`"${line.text.slice(0, 40)}" is not a chunk size (hexadecimal digits)`)
    }
    if (trimmed !== sizeText) {
      this.notice(
        'chunk-size-whitespace',
        'A chunk size in the chunked body is followed by whitespace, which RFC 9112 §7.1 does not allow; curl and browsers read it anyway.'
      )
    }
    const size = parseInt(trimmed, 16)
    if (size === 0) {
      this.state = 'trailers'
    } else {
      this.chunkSize = size
      this.chunkLeft = size
      this.state = 'chunk-data'
    }
    return line.rest
  }

  private takeHead(input: Buffer): Buffer | null {
    // RFC 9112 §2.2: a client should ignore empty lines received before the status line.
    let blank = 0
    while (input[blank] === CR || input[blank] === LF) blank += 1
    if (blank > 0) {
      input = input.subarray(blank)
      if (input.length === 0) return null
    }
    const end = headEnd(input)
    if (end === null || end.headLength > MAX_RESPONSE_HEAD_BYTES) {
      if (input.length > MAX_RESPONSE_HEAD_BYTES) {
        throw new FramingError(
          `its headers are larger than ${MAX_RESPONSE_HEAD_BYTES / 1024} KiB, the most Chromium accepts`,
          'ERR_RESPONSE_HEADERS_TOO_BIG'
        )
      }
      return this.wait(input)
    }
    const head = input.subarray(0, end.headLength).toString('latin1')
    const rest = input.subarray(end.headLength + end.terminatorLength)
    const lines = head.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    if (/(^|[^\r])\n/.test(input.subarray(0, end.headLength + end.terminatorLength).toString('latin1'))) this.bareLf()
    // Chromium (HttpUtil::ParseVersion) reads "HTTP" in any case and any version after it; a
    // version above 1.1 is read as 1.1. The reason phrase is optional.
    const parsed = /^HTTP\/(\d+)(?:\.(\d+))?[ \t]+(\d{3})(?:[ \t]+(.*?))?[ \t]*$/i.exec(lines[0] ?? '')
    if (!parsed) {
      // Not an HTTP status line at all: let llhttp say what it is.
      this.state = 'body'
      this.push(input)
      return Buffer.alloc(0)
    }
    const [, major = '1', minor = '0', code = '0', reason = ''] = parsed
    const version = major === '1' && (minor === '0' || minor === '1') ? `1.${minor}` : major === '0' ? '1.0' : '1.1'
    const statusLine = `HTTP/${version} ${code}${reason ? ` ${reason}` : ''}`
    const headers = this.unfold(lines.slice(1))
    const status = Number(code)
    const framed = this.frame(headers, status)
    this.push(Buffer.from([statusLine, ...headers.map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n'), 'latin1'))
    if (status >= 100 && status < 200 && status !== 101) return rest
    this.state = framed
    return rest
  }

  private unfold(lines: string[]): Array<[string, string]> {
    const headers: Array<[string, string]> = []
    for (const line of lines) {
      const previous = headers.at(-1)
      if ((line.startsWith(' ') || line.startsWith('\t')) && previous) {
        previous[1] = `${previous[1]} ${line.trim()}`.trim()
        this.notice(
          'obsolete-line-folding',
          `The response header "${previous[0]}" is folded over several lines (obs-fold), which RFC 9112 §5.2 deprecates; the lines were joined with a space, as browsers and curl do.`
        )
        continue
      }
      const colon = line.indexOf(':')
      if (colon <= 0) {
        if (line.trim().length > 0) {
          this.notice(
            'malformed-header-line',
            `The response has a header line without a name and colon ("${line.slice(0, 60)}"); it was ignored, as browsers ignore it.`
          )
        }
        continue
      }
      const name = line.slice(0, colon)
      const trimmedName = name.trim()
      if (trimmedName !== name) {
        this.notice(
          'header-name-whitespace',
          `The response header "${trimmedName}" has whitespace before its colon, which RFC 9112 §5.1 forbids; it was read without it, as browsers do.`
        )
      }
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(trimmedName)) {
        this.notice(
          'malformed-header-line',
          `The response header name "${trimmedName.slice(0, 60)}" has characters a header name cannot have; the line was ignored.`
        )
        continue
      }
      headers.push([trimmedName, line.slice(colon + 1).trim()])
    }
    return headers
  }

  /** Resolves the body's framing (RFC 9112 §6.3), removing what conflicts; returns the state to read the body in. */
  private frame(headers: Array<[string, string]>, status: number): State {
    const is = (name: string) => (header: [string, string]) => header[0].toLowerCase() === name
    const transferEncoding = headers
      .filter(is('transfer-encoding'))
      .flatMap(([, value]) => value.split(','))
      .map((coding) => coding.trim().toLowerCase())
      .filter(Boolean)
    const lengths = headers.filter(is('content-length'))
    const removeLengths = (): void => {
      for (const header of lengths) headers.splice(headers.indexOf(header), 1)
    }
    const bodyless = status === 204 || status === 304 || (status >= 100 && status < 200)
    if (transferEncoding.length > 0) {
      if (lengths.length > 0) {
        this.notice(
          'content-length-with-chunked',
          'The response has both Transfer-Encoding and Content-Length. RFC 9112 §6.3 says Transfer-Encoding wins, so the Content-Length was ignored, as curl and browsers do; a server must not send both.'
        )
        removeLengths()
      }
      return bodyless ? 'done' : transferEncoding.at(-1) === 'chunked' ? 'chunk-size' : 'body'
    }
    if (lengths.length === 0) return bodyless ? 'done' : 'body'
    const values = lengths.flatMap(([, value]) => value.split(',')).map((value) => value.trim())
    const distinct = new Set(values)
    if (distinct.size > 1) {
      throw new FramingError(
        `it has several different Content-Length values (${[...distinct].join(', ')}), so its length is unknowable; Chromium refuses it too (ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH)`,
        'ERR_MULTIPLE_CONTENT_LENGTH'
      )
    }
    const [value = ''] = values
    removeLengths()
    if (!/^\d{1,15}$/.test(value)) {
      this.notice(
        'invalid-content-length',
        `The response's Content-Length "${value.slice(0, 40)}" is not a number; it was ignored and the body read until the server closes the connection, as browsers do.`
      )
      return bodyless ? 'done' : 'body'
    }
    if (values.length > 1) {
      this.notice(
        'duplicate-content-length',
        `The response repeats Content-Length (${values.length} times, all ${value}); RFC 9110 §8.6 lets a client accept identical values, and browsers do. Send it once.`
      )
    }
    headers.push(['Content-Length', value])
    this.bodyLeft = Number(value)
    return bodyless ? 'done' : 'body'
  }
}

/** Where the head ends: the first empty line, whether lines end in CRLF or a bare LF. */
function headEnd(input: Buffer): { headLength: number; terminatorLength: number } | null {
  let from = 0
  for (;;) {
    const lf = input.indexOf(LF, from)
    if (lf < 0) return null
    if (input[lf + 1] === LF) return { headLength: lf + 1, terminatorLength: 1 }
    if (input[lf + 1] === CR && input[lf + 2] === LF) return { headLength: lf + 1, terminatorLength: 2 }
    if (input[lf + 1] === undefined || (input[lf + 1] === CR && input[lf + 2] === undefined)) return null
    from = lf + 1
  }
}
