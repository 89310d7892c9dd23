/**
 * An incremental parser for `text/event-stream` bodies that follows the WHATWG HTML
 * "Server-sent events" section (§9.2.5 "Parsing an event stream", §9.2.6 "Interpreting an
 * event stream") to the letter, and says out loud, as diagnostic frames, everything a browser
 * would silently drop or repair.
 *
 * Feed it the bytes of one response body with `feed()`, in chunks of any size, then call
 * `end()`. The frames it produces never depend on how the body was chunked.
 *
 * Choices this parser makes where the spec leaves room (an inspector shows what a browser hides):
 *
 * - Comments. Browsers ignore comment lines; we report each as `{kind: 'comment', text}`, where
 *   `text` is everything after the colon with ONE leading U+0020 SPACE removed, i.e. the text as
 *   the author wrote it after `: `, mirroring how field values are read.
 * - The last event ID. The spec keeps a "last event ID buffer", set by `id:` fields, and copies
 *   it into the event source's "last event ID string" when a blank line dispatches the event
 *   block (whether or not the block had data). `lastEventId` is that committed string: the value
 *   of the next `Last-Event-ID` header and of `MessageEvent.lastEventId`. An `id:` in a block
 *   that the stream never finishes is therefore not committed (browsers agree: Chromium starts
 *   the next connection's parser from the committed value). It persists across `end()`.
 * - `raw`. The text of the event's lines exactly as decoded, line endings included, from the
 *   first line after the previous blank line through the FIRST character of the dispatching
 *   blank line's line ending. The blank line's ending is cut to its first character because an
 *   event is dispatched the moment that CR or LF arrives (as browsers do); a CR may be the first
 *   half of a CRLF whose LF is still in the next chunk, and `raw` must not depend on chunking.
 *   So an LF stream gives `data: x\n\n`, a CRLF stream `data: x\r\n\r`.
 * - Limits. Both are exact UTF-8 byte counts: `maxLineBytes` of the line as received (line
 *   ending excluded), `maxEventBytes` of the decoded data buffer (data lines joined by LF). When
 *   one is exceeded the event is abandoned and everything up to the next blank line is skipped.
 *
 * How it works. The spec decodes the whole stream with "UTF-8 decode" (invalid bytes become
 * U+FFFD, one per maximal invalid subpart; one leading byte order mark is removed) and then
 * splits lines. Decoding is the most expensive step, and one non-ASCII character turns a whole
 * chunk into a two-byte string. But CR, LF and the colon are ASCII and never occur inside a
 * multi-byte sequence, so lines can be found, and split into field and value, in the bytes
 * themselves, and a line ending always completes or breaks a multi-byte sequence: decoding line
 * by line gives exactly the text that decoding the whole stream would. So:
 * - A pure-ASCII chunk (the common case) is one native copy into a one-byte string.
 * - A chunk with some non-ASCII is read as Latin-1 (one character per byte, so string positions
 *   are byte positions), and only the lines holding a byte >= 0x80 (found four bytes at a time)
 *   are decoded, one by one. Invalid UTF-8 can only be on such a line: it is found by looking for
 *   U+FFFD in the decoded line, then validating its bytes, so a genuine U+FFFD is not reported.
 * - When most lines need decoding (text in a non-Latin script), the next chunks' complete lines
 *   are decoded at once instead, provided they are valid UTF-8.
 * - A line that spans chunks is kept as bytes and decoded once, when it ends: a multi-megabyte
 *   line costs one pass, not one per chunk, and chunks inside it are not even decoded.
 */
import { Buffer, isAscii, isUtf8 } from 'node:buffer'
import type { CommentFrame, DiagnosticFrame, DiagnosticLevel, EventFrame, RetryFrame } from '../../shared/frames'
import { decode, decodeRange, decodeValidUtf8, invalidUtf8Marks, isBomPrefix, utf8Length } from './utf8'
import {
  bomStrippedMessage,
  discardingMessage,
  eventWithoutDataMessage,
  idContainsNullMessage,
  invalidRetryMessage,
  invalidUtf8Message,
  limitMessage,
  unfinishedEventMessage,
  unknownFieldMessage,
  type LimitCode
} from './diagnostic-messages'

type Unstamped<F> = Omit<F, 'connectionId' | 'time'>

export type ParsedFrame = Unstamped<EventFrame> | Unstamped<CommentFrame> | Unstamped<RetryFrame> | Unstamped<DiagnosticFrame>

export interface ParserOptions {
  /** Longest line accepted, in bytes (default 16 MiB). */
  maxLineBytes?: number
  /** Largest event (sum of its data) accepted, in bytes (default 64 MiB). */
  maxEventBytes?: number
  /** Attach `raw` (the exact decoded text of the lines, line endings included) to event frames (default true). */
  keepRaw?: boolean
  /**
   * Also report the moment a limit is hit, as a `discarding` diagnostic (default false). The
   * count of what was discarded can only come at the next blank line, and a live stream may
   * never send one: without this, it would be discarding in silence.
   */
  announceDiscards?: boolean
  /**
   * How the user can raise maxLineBytes where this parser runs (a CLI flag, a UI setting),
   * appended to the line-too-long and discarding diagnostics.
   */
  raiseLineLimitHint?: string
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024
export const DEFAULT_MAX_EVENT_BYTES = 64 * 1024 * 1024

/** The stable codes of the diagnostics this parser emits. */
export type ParserDiagnosticCode =
  | 'bom-stripped'
  | 'invalid-utf8'
  | 'unknown-field'
  | 'invalid-retry'
  | 'id-contains-null'
  | 'event-without-data'
  | 'unfinished-event-discarded'
  | 'line-too-long'
  | 'event-too-large'
  | 'discarding'

const LF = 0x0a
const CR = 0x0d
const SPACE = 0x20
const COLON = 0x3a

const EMPTY = Buffer.alloc(0)
const EMPTY_WORDS = new Uint32Array(0)

/**
 * Frames are handed to `onFrame` synchronously, in stream order, from `feed()` and `end()`.
 * `onFrame` must not call back into the parser; if it throws, the exception propagates and the
 * current stream's state is unspecified until `end()`.
 */
export class EventStreamParser {
  private readonly onFrame: (frame: ParsedFrame) => void
  private readonly maxLine: number
  private readonly maxEvent: number
  private readonly keepRaw: boolean
  private readonly announceDiscards: boolean
  private readonly lineLimitHint: string

  // ---- Stream start (per stream) ----
  /** True until the first bytes of this stream have been checked for a byte order mark. */
  private atStart = true
  /** The first one or two bytes of the stream, held while they could still be the start of a BOM. */
  private held: Uint8Array = EMPTY

  // ---- The chunk being scanned (only during feed) ----
  /** The bytes being scanned (the chunk after any line finished first). */
  private bytes: Buffer = EMPTY
  /**
   * How the chunk was turned into text. Byte mode (`decoded` false): one character per byte (the
   * bytes are ASCII, or read as Latin-1, in which case `perLine` is set and lines with bytes
   * >= 0x80 are decoded one by one). Decoded mode: the chunk's complete lines, known to be valid
   * UTF-8, were decoded at once, so string positions are no longer byte positions.
   */
  private decoded = false
  private perLine = false
  /** Lines longer than this many UTF-16 units may exceed maxLineBytes (checked exactly). */
  private lineUnitLimit = 0
  /** Lines scanned, and lines decoded one by one, in the chunk (to choose the next chunk's mode). */
  private lineCount = 0
  private highLineCount = 0
  /** Decode the next non-ASCII chunk at once rather than line by line (text with much non-ASCII). */
  private preferDecoded = false
  /** The position of a byte >= 0x80 at or after the last line checked (-1: not searched yet; the chunk length: none). */
  private nextHigh = -1
  /** The chunk's bytes as aligned 32-bit words (from chunk position `wordsAt`), to find bytes >= 0x80 fast. */
  private words: Uint32Array = EMPTY_WORDS
  private wordsAt = 0
  /** The next colon at or after the current line start (a cache; see `field`). */
  private colonAt = -1

  // ---- Line assembly (per stream) ----
  /**
   * Copies of the bytes of a line that started in an earlier chunk and has not ended yet. The
   * line is decoded once, when it ends.
   */
  private pendingBytes: Uint8Array[] = []
  /** The byte length of that unfinished line (also counted while skipping, when no bytes are kept). */
  private pendingLen = 0
  /** The last chunk ended with a CR that ended a line: an LF starting the next chunk belongs to it. */
  private pendingCR = false
  /** Whether that LF must be appended to `rawParts` (the CR ended a kept, non-blank line). */
  private crRawLF = false

  // ---- The event being built (per stream) ----
  private data = ''
  /** The UTF-8 size of the data buffer (data lines joined by LF), or -1 while it cannot matter. */
  private dataBytes = 0
  private dataLines = 0
  private eventType = ''
  private sawEventField = false
  /** The value of this block's last applied `id:` field, if any. */
  private blockId: string | undefined = undefined
  private blockHasFields = false
  /** Text of this block's lines from earlier chunks, and its decoded non-ASCII lines (only when keepRaw). */
  private rawParts: string[] = []
  private idBuffer = ''
  private committedId = ''

  // ---- Recovery after a limit was hit (per stream) ----
  private skipping = false
  private skipCode: LimitCode = 'line-too-long'
  private skipLines = 0
  private skipBytes = 0
  private skipDataBytes = 0

  constructor(onFrame: (frame: ParsedFrame) => void, options: ParserOptions = {}) {
    this.onFrame = onFrame
    this.maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
    this.maxEvent = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES
    this.keepRaw = options.keepRaw ?? true
    this.announceDiscards = options.announceDiscards ?? false
    this.lineLimitHint = options.raiseLineLimitHint ? ` ${options.raiseLineLimitHint}` : ''
  }

  /** The last event ID: what the next request's Last-Event-ID carries. Persists across end(). Settable (e.g. to seed it). */
  get lastEventId(): string {
    return this.committedId
  }

  set lastEventId(value: string) {
    this.committedId = value
    this.idBuffer = value
  }

  /** Feed the next chunk of bytes of the response body. */
  feed(chunk: Uint8Array): void {
    let bytes = chunk
    if (this.atStart) {
      if (this.held.length !== 0) bytes = concat([this.held, chunk], this.held.length + chunk.length)
      if (bytes.length < 3 && isBomPrefix(bytes)) {
        // Too early to tell whether the stream starts with a byte order mark.
        this.held = bytes === chunk ? Uint8Array.prototype.slice.call(chunk) : bytes
        return
      }
      this.atStart = false
      this.held = EMPTY
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3)
        this.diagnostic('info', 'bom-stripped', bomStrippedMessage())
      }
    }
    if (bytes.length === 0) return
    let view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    if (this.pendingLen !== 0) {
      // First finish the line that began in an earlier chunk, working on the bytes.
      const lf = view.indexOf(LF)
      const cr = view.indexOf(CR)
      const eol = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr)
      if (eol === -1) {
        // The whole chunk continues a long line: keep its bytes, with no need to decode them.
        this.extendPending(view, 0)
        return
      }
      const next = this.finishPending(view, eol)
      if (next === view.length) return
      view = view.subarray(next)
    }
    this.scanChunk(view)
  }

  /** Turns bytes that start at a line start into text, the cheapest way, and scans it. */
  private scanChunk(view: Buffer): void {
    this.bytes = view
    this.lineCount = 0
    this.highLineCount = 0
    if (isAscii(view)) {
      // The common case. UTF-8 decoding is the fastest way to a one-byte string.
      this.decoded = false
      this.perLine = false
      this.lineUnitLimit = this.maxLine
      this.scan(view.toString('utf8'), view.length)
    } else {
      const complete = this.preferDecoded ? Math.max(view.lastIndexOf(LF), view.lastIndexOf(CR)) + 1 : 0
      const lines = complete === 0 || complete === view.length ? view : view.subarray(0, complete)
      if (complete !== 0 && isUtf8(lines)) {
        // Much non-ASCII text: decode the complete lines at once. (Never invalid UTF-8, which is
        // reported line by line in byte mode.)
        this.decoded = true
        this.perLine = false
        this.lineUnitLimit = Math.floor(this.maxLine / 3)
        const text = decodeValidUtf8(lines)
        this.scan(text, complete)
        // Back to byte mode when the text has few multi-byte characters per line.
        this.preferDecoded = complete - text.length >= this.lineCount
      } else {
        // Some non-ASCII text: read the bytes as Latin-1 and decode the lines that need it.
        this.decoded = false
        this.perLine = true
        this.lineUnitLimit = this.maxLine
        this.nextHigh = -1
        const at = (4 - (view.byteOffset & 3)) & 3
        this.wordsAt = at
        this.words = view.length > at + 4 ? new Uint32Array(view.buffer, view.byteOffset + at, (view.length - at) >> 2) : EMPTY_WORDS
        this.scan(view.toString('latin1'), view.length)
        this.words = EMPTY_WORDS
        // Decode at once when a good share of the lines had to be decoded one by one.
        this.preferDecoded = this.highLineCount * 4 > this.lineCount
      }
    }
    this.bytes = EMPTY
  }

  /**
   * Finishes the line that began in an earlier chunk and ends at view[eol] (a CR or LF), with
   * its line ending. Returns the position after that line ending.
   */
  private finishPending(view: Buffer, eol: number): number {
    const n = view.length
    const isCR = view[eol] === CR
    let next = eol + 1
    let crAtEnd = false
    if (isCR) {
      if (next === n) crAtEnd = true
      else if (view[next] === LF) next++
    }
    const size = this.pendingLen + eol
    this.pendingLen = 0
    if (this.skipping) {
      this.skipLines++
      this.skipBytes += eol
    } else {
      const parts = this.pendingBytes
      this.pendingBytes = []
      if (size > this.maxLine) {
        this.abandon('line-too-long')
        this.skipLines = 1
        this.skipBytes = size
      } else {
        if (eol !== 0) parts.push(view.subarray(0, eol))
        const joined = parts.length === 1 ? parts[0]! : concat(parts, size)
        const line = decode(joined, 0, size)
        this.checkUtf8(line, joined, 0, size, false)
        if (this.keepRaw) this.rawParts.push(line)
        this.line(line, 0, line.length, false)
        if (this.keepRaw && !this.skipping) this.rawParts.push(next === eol + 2 ? '\r\n' : isCR ? '\r' : '\n')
      }
    }
    this.pendingCR = crAtEnd
    this.crRawLF = crAtEnd && this.keepRaw && !this.skipping
    return next
  }

  /**
   * End of this response body: flush the decoder, discard (and report) an unfinished event, and
   * reset per-stream state (BOM handling, buffers, pending CR) so the same parser can take the
   * next connection's body. lastEventId is kept.
   */
  end(): void {
    if (this.held.length !== 0) {
      // The whole body was one or two bytes of a would-be BOM: an unterminated line.
      this.pendingBytes.push(this.held)
      this.pendingLen += this.held.length
      this.held = EMPTY
    }
    if (this.skipping) {
      if (this.pendingLen !== 0) this.skipLines++
      this.finishSkip(true)
    } else {
      let line = ''
      if (this.pendingLen !== 0) {
        // Decoding flushes: an incomplete sequence at the very end becomes U+FFFD.
        const joined = concat(this.pendingBytes, this.pendingLen)
        line = decode(joined, 0, joined.length)
        this.checkUtf8(line, joined, 0, joined.length, true)
      }
      if (this.blockHasFields || this.pendingLen !== 0) this.unfinished(line)
    }
    this.resetStream()
  }

  // ---------------------------------------------------------------------------------------------
  // Scanning

  /**
   * Splits the chunk's text into lines (CRLF, LF or lone CR) and processes them. The text stands
   * for the first `complete` bytes; the bytes after them start a line that is not finished.
   */
  private scan(text: string, complete: number): void {
    const len = text.length
    // The second half of a CRLF split across chunks: one line ending, not two.
    const first = text.charCodeAt(0)
    const pendingCR = this.pendingCR
    let pos = 0
    if (pendingCR && first === LF) pos = this.crlfSplit()
    this.colonAt = -1
    let rawStart = pos
    let cr = text.indexOf('\r', pos)
    let lf = text.indexOf('\n', pos)
    // Rare cases are handled outside this loop, in methods of their own, and the state they
    // leave is stored after it on every call: the optimized loop then has no cold branches
    // whose first use would deoptimize it.
    let endsWithCR = false
    let lastBlank = false
    while (lf !== -1 || cr !== -1) {
      let eol: number
      let next: number
      if (lf !== -1 && (cr === -1 || lf < cr)) {
        eol = lf
        next = lf + 1
      } else {
        eol = cr
        next = cr + 1
        if (next === len) endsWithCR = true
        else if (text.charCodeAt(next) === LF) next++
      }

      lastBlank = eol === pos
      if (this.skipping) {
        rawStart = this.skippedLine(text, pos, eol, next, rawStart)
      } else if (lastBlank) {
        // A blank line: dispatch the event.
        if (this.dataLines !== 0) this.dispatch(this.keepRaw ? this.takeRaw(text, rawStart, eol + 1) : undefined)
        else this.emptyBlock()
        rawStart = next
      } else if (eol - pos > this.lineUnitLimit && this.lineTooLong(text, pos, eol)) {
        // Abandoned: skipping to the next blank line.
      } else if (!this.perLine || !this.hasHighByte(pos, eol)) {
        if (eol === lf && next < len && text.charCodeAt(next) === LF && this.dataLines === 0 && isDataLine(text, pos)) {
          // "data: ...", LF, LF: the commonest event, all in one step (the blank line included).
          this.singleLineEvent(text, pos, eol, rawStart)
          next++
          rawStart = next
          lastBlank = true
          this.lineCount++
        } else {
          this.line(text, pos, eol, true)
        }
      } else {
        rawStart = this.highLine(pos, eol, rawStart)
      }

      this.lineCount++
      pos = next
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos)
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos)
    }
    // (No short-circuit: each field is read on every call.)
    const keepRaw = this.keepRaw
    const skipping = this.skipping
    this.pendingCR = endsWithCR
    this.crRawLF = endsWithCR && keepRaw && !lastBlank && !skipping
    this.endOfChunk(text, pos, rawStart, complete)
  }

  /** Dispatches the event of a lone data line text[pos, eol) followed by a blank line (ended by LF). */
  private singleLineEvent(text: string, pos: number, eol: number, rawStart: number): void {
    this.blockHasFields = true
    this.appendData(text, pos, text.charCodeAt(pos + 5) === SPACE ? pos + 6 : pos + 5, eol, true)
    if (this.skipping)
      this.finishSkip(false) // too large: the blank line ends the skipping
    else this.dispatch(this.keepRaw ? this.takeRaw(text, rawStart, eol + 2) : undefined)
  }

  /** The chunk starts with the LF of a CRLF whose CR ended the last chunk. Returns where lines start. */
  private crlfSplit(): number {
    if (this.crRawLF) this.rawParts.push('\n')
    return 1
  }

  /** Whether the line text[pos, eol) is longer than maxLineBytes; if so, abandons its event. */
  private lineTooLong(text: string, pos: number, eol: number): boolean {
    const bytes = this.decoded ? utf8Length(text, pos, eol) : eol - pos
    if (bytes <= this.maxLine) return false
    this.abandon('line-too-long')
    this.skipLines = 1
    this.skipBytes = bytes
    return true
  }

  /** A line of this chunk with non-ASCII bytes: decode it, and keep the decoded text for raw. Returns the new raw start. */
  private highLine(pos: number, eol: number, rawStart: number): number {
    this.highLineCount++
    const line = decodeRange(this.bytes, pos, eol)
    this.checkUtf8(line, this.bytes, pos, eol, false)
    if (this.keepRaw) {
      if (pos > rawStart) this.rawParts.push(this.copyOut(rawStart, pos))
      this.rawParts.push(line)
      rawStart = eol
    }
    this.line(line, 0, line.length, false)
    return rawStart
  }

  /** After the last line ending of the chunk: keep the unfinished line, and the event's raw text so far. */
  private endOfChunk(text: string, pos: number, rawStart: number, complete: number): void {
    const len = text.length
    if (pos < len) {
      // (Byte mode only: decoded text ends with a line ending.)
      if (this.keepRaw && pos > rawStart && !this.skipping) this.rawParts.push(this.copyOut(rawStart, pos))
      this.extendPending(this.bytes, pos)
    } else if (this.keepRaw && rawStart < len && !this.skipping) {
      this.rawParts.push(this.decoded ? text.slice(rawStart, len) : this.copyOut(rawStart, len))
    }
    if (complete < this.bytes.length) this.extendPending(this.bytes, complete)
  }

  /**
   * A copy of chunk positions [start, end) (complete ASCII lines) as a string of its own: text
   * kept past the end of the chunk must not be a slice that keeps the whole chunk's string alive.
   */
  private copyOut(start: number, end: number): string {
    return this.bytes.toString('latin1', start, end)
  }

  /** Whether chunk positions [start, end) (a line; lines are checked in order) hold a byte >= 0x80. */
  private hasHighByte(start: number, end: number): boolean {
    let high = this.nextHigh
    if (high < start) {
      high = this.findHighByte(start)
      this.nextHigh = high
    }
    return high < end
  }

  /** The position of the first byte >= 0x80 at or after `start` (the chunk length if none), four bytes at a time. */
  private findHighByte(start: number): number {
    const bytes = this.bytes
    const len = bytes.length
    const words = this.words
    const at = this.wordsAt
    let p = start
    while (p < len && ((p - at) & 3) !== 0) {
      if (bytes[p]! >= 0x80) return p
      p++
    }
    let w = (p - at) >> 2
    while (w < words.length && (words[w]! & 0x80808080) === 0) w++
    for (p = Math.max(p, at + w * 4); p < len; p++) if (bytes[p]! >= 0x80) return p
    return len
  }

  /** Adds bytes[from, end) to the unfinished line (or to what is being skipped). */
  private extendPending(bytes: Uint8Array, from: number): void {
    const len = bytes.length
    this.pendingLen += len - from
    if (this.skipping) {
      this.skipBytes += len - from
      return
    }
    this.pendingBytes.push(Uint8Array.prototype.slice.call(bytes, from, len))
    if (this.pendingLen > this.maxLine) {
      const bytes = this.pendingLen
      this.abandon('line-too-long')
      this.skipBytes = bytes
      // skipLines is counted when this line finally ends.
    }
  }

  /** A line while skipping to the next blank line. Returns the new raw start. */
  private skippedLine(text: string, pos: number, eol: number, next: number, rawStart: number): number {
    if (eol === pos) {
      this.finishSkip(false)
      return next
    }
    this.skipLines++
    this.skipBytes += this.decoded ? utf8Length(text, pos, eol) : eol - pos
    return rawStart
  }

  /** Reports the invalid UTF-8 that decoding bytes[start, end) into `line` replaced, if any. */
  private checkUtf8(line: string, bytes: Uint8Array, start: number, end: number, unterminated: boolean): void {
    if (line.indexOf('\uFFFD') === -1) return
    if (isUtf8(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start))) return
    const marks = invalidUtf8Marks(bytes, start, end)
    let n = 0
    for (let i = 1; i < marks.length; i += 2) n += marks[i]!
    this.diagnostic('warning', 'invalid-utf8', invalidUtf8Message(n, line, unterminated))
  }

  // ---------------------------------------------------------------------------------------------
  // Interpreting lines

  /**
   * Processes one complete, non-empty line [start, end) of `text`: either a line of the chunk's
   * text (`inChunk`: ASCII, unless the chunk was decoded at once), or a decoded line on its own.
   */
  private line(text: string, start: number, end: number, inChunk: boolean): void {
    const c = text.charCodeAt(start)
    // Fast path for "data:" (char codes are faster than startsWith here).
    if (
      c === 100 &&
      text.charCodeAt(start + 1) === 97 &&
      text.charCodeAt(start + 2) === 116 &&
      text.charCodeAt(start + 3) === 97 &&
      text.charCodeAt(start + 4) === COLON
    ) {
      this.blockHasFields = true
      // The character at `end` is a line ending (or nothing), never a space.
      this.appendData(text, start, text.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5, end, inChunk)
      return
    }
    if (c === COLON) {
      const from = text.charCodeAt(start + 1) === SPACE ? start + 2 : start + 1
      this.onFrame({ kind: 'comment', text: text.slice(from, end) })
      return
    }
    this.field(text, start, end, inChunk)
  }

  /** A field line other than the "data:" fast path. */
  private field(text: string, start: number, end: number, inChunk: boolean): void {
    this.blockHasFields = true
    let colon: number
    if (inChunk) {
      // Lines of one chunk are scanned in order, so the next colon is searched for at most once
      // per colon: lines without a colon cannot make this quadratic.
      if (this.colonAt < start) {
        const found = text.indexOf(':', start)
        this.colonAt = found === -1 ? text.length : found
      }
      colon = this.colonAt
    } else {
      colon = text.indexOf(':', start)
      if (colon === -1) colon = end
    }
    let nameEnd: number
    let valueStart: number
    if (colon >= end) {
      // No colon: the whole line is the field name, and the value is empty.
      nameEnd = end
      valueStart = end
    } else {
      nameEnd = colon
      valueStart = text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1
    }
    // Compare the name in place (no slice): names are case-sensitive and must match exactly.
    switch (fieldName(text, start, nameEnd)) {
      case 'data':
        this.appendData(text, start, valueStart, end, inChunk)
        return
      case 'event':
        this.eventType = text.slice(valueStart, end)
        this.sawEventField = true
        return
      case 'id': {
        const value = text.slice(valueStart, end)
        if (value.indexOf('\0') !== -1) {
          this.diagnostic('warning', 'id-contains-null', idContainsNullMessage(value, this.idBuffer))
        } else {
          this.idBuffer = value
          this.blockId = value
        }
        return
      }
      case 'retry': {
        const value = text.slice(valueStart, end)
        if (isAsciiDigits(value)) {
          let ms = Number(value)
          // Still a valid retry per the spec; keep the frame JSON-safe.
          if (!Number.isSafeInteger(ms)) ms = Number.MAX_SAFE_INTEGER
          this.onFrame({ kind: 'retry', ms })
        } else {
          this.diagnostic('warning', 'invalid-retry', invalidRetryMessage(value))
        }
        return
      }
      default:
        this.diagnostic('warning', 'unknown-field', unknownFieldMessage(text.slice(start, nameEnd), colon >= end))
    }
  }

  /**
   * Appends the value text[from, end) of the data line starting at `lineStart`, and an LF, to the
   * data buffer, unless that takes it past maxEventBytes. `inChunk`: a line of the chunk's text,
   * all ASCII unless the chunk was decoded at once.
   */
  private appendData(text: string, lineStart: number, from: number, end: number, inChunk: boolean): void {
    const value = text.slice(from, end)
    const units = this.dataLines === 0 ? end - from : this.data.length + 1 + (end - from)
    // A UTF-16 unit is 1 to 3 UTF-8 bytes: count bytes only when the limit may be near.
    if (units * 3 > this.maxEvent) {
      const valueBytes = inChunk && !this.decoded ? end - from : Buffer.byteLength(value, 'utf8')
      let size = valueBytes
      if (this.dataLines !== 0) {
        if (this.dataBytes < 0) this.dataBytes = Buffer.byteLength(this.data, 'utf8')
        size += this.dataBytes + 1
      }
      if (size > this.maxEvent) {
        const dataBytes = this.dataLines === 0 ? 0 : this.dataBytes
        this.abandon('event-too-large')
        this.skipDataBytes = dataBytes
        this.skipLines = 1
        // The whole line: the name, the colon and any space are ASCII, one byte each.
        this.skipBytes = valueBytes + (from - lineStart)
        return
      }
      this.dataBytes = size
    } else {
      this.dataBytes = -1
    }
    this.data = this.dataLines === 0 ? value : this.data + '\n' + value
    this.dataLines++
  }

  private takeRaw(text: string, rawStart: number, end: number): string {
    const tail = text.slice(rawStart, end)
    const parts = this.rawParts
    if (parts.length === 0) return tail
    this.rawParts = []
    if (parts.length > 8) return parts.join('') + tail
    // Few parts (typically one long line plus its ending): concatenate without copying, so raw
    // shares its text with data instead of duplicating a multi-megabyte line.
    let raw = parts[0]!
    for (let i = 1; i < parts.length; i++) raw += parts[i]!
    return raw + tail
  }

  /** A blank line with data in the buffer: dispatch the event. */
  private dispatch(raw: string | undefined): void {
    const lastEventId = (this.committedId = this.idBuffer)
    const type = this.eventType === '' ? 'message' : this.eventType
    const data = this.data
    const id = this.blockId
    // One literal per shape, so that each frame is allocated with all its properties in place.
    let frame: Unstamped<EventFrame>
    if (id === undefined) {
      frame = raw === undefined ? { kind: 'event', type, data, lastEventId } : { kind: 'event', type, data, lastEventId, raw }
    } else {
      frame = raw === undefined ? { kind: 'event', type, data, lastEventId, id } : { kind: 'event', type, data, lastEventId, id, raw }
    }
    this.resetBlock()
    this.onFrame(frame)
  }

  /** Forgets the event block being built: after a dispatch, an empty block, or an abandoned one. */
  private resetBlock(): void {
    this.data = ''
    this.dataBytes = 0
    this.dataLines = 0
    this.eventType = ''
    this.sawEventField = false
    this.blockId = undefined
    this.blockHasFields = false
  }

  /** A blank line with an empty data buffer: nothing is dispatched, but the last event ID is committed. */
  private emptyBlock(): void {
    this.committedId = this.idBuffer
    if (this.sawEventField) {
      this.diagnostic('warning', 'event-without-data', eventWithoutDataMessage(this.eventType))
    }
    this.resetBlock()
    if (this.rawParts.length !== 0) this.rawParts = []
  }

  // ---------------------------------------------------------------------------------------------
  // Limits and recovery

  /** Drops the event being built and skips everything up to the next blank line. */
  private abandon(code: LimitCode): void {
    this.skipping = true
    this.skipCode = code
    this.skipLines = 0
    this.skipBytes = 0
    this.skipDataBytes = 0
    this.resetBlock()
    this.idBuffer = this.committedId
    this.rawParts = []
    this.pendingBytes = []
    if (this.announceDiscards) this.announceDiscard(code)
  }

  private announceDiscard(code: LimitCode): void {
    this.diagnostic(
      'warning',
      'discarding',
      discardingMessage(code, code === 'line-too-long' ? this.maxLine : this.maxEvent) +
        (code === 'line-too-long' ? this.lineLimitHint : '')
    )
  }

  private finishSkip(atEnd: boolean): void {
    const code = this.skipCode
    const skipped = { lines: this.skipLines, bytes: this.skipBytes, dataBytes: this.skipDataBytes, atEnd }
    this.diagnostic(
      'error',
      code,
      limitMessage(code, code === 'line-too-long' ? this.maxLine : this.maxEvent, skipped) +
        (code === 'line-too-long' ? this.lineLimitHint : '')
    )
    this.skipping = false
    this.skipLines = 0
    this.skipBytes = 0
    this.skipDataBytes = 0
    this.pendingLen = 0
  }

  // ---------------------------------------------------------------------------------------------
  // Diagnostics and state

  private diagnostic(level: DiagnosticLevel, code: ParserDiagnosticCode, message: string): void {
    this.onFrame({ kind: 'diagnostic', level, code, message })
  }

  private unfinished(line: string): void {
    const message = unfinishedEventMessage({
      dataLines: this.dataLines,
      data: this.data,
      eventType: this.sawEventField ? this.eventType : undefined,
      id: this.blockId,
      committedId: this.committedId,
      unterminatedLine: line
    })
    this.diagnostic('warning', 'unfinished-event-discarded', message)
  }

  private resetStream(): void {
    this.atStart = true
    this.held = EMPTY
    this.bytes = EMPTY
    this.pendingBytes = []
    this.pendingLen = 0
    this.pendingCR = false
    this.crRawLF = false
    this.resetBlock()
    this.rawParts = []
    this.idBuffer = this.committedId
    this.skipping = false
    this.skipLines = 0
    this.skipBytes = 0
    this.skipDataBytes = 0
  }
}

// -----------------------------------------------------------------------------------------------
// Helpers

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** Whether text has "data:" at `start`. */
function isDataLine(text: string, start: number): boolean {
  return (
    text.charCodeAt(start) === 100 &&
    text.charCodeAt(start + 1) === 97 &&
    text.charCodeAt(start + 2) === 116 &&
    text.charCodeAt(start + 3) === 97 &&
    text.charCodeAt(start + 4) === COLON
  )
}

/** Which known field text[start, end) names, or '' for none. */
function fieldName(text: string, start: number, end: number): '' | 'data' | 'event' | 'id' | 'retry' {
  switch (end - start) {
    case 2:
      return text.charCodeAt(start) === 105 && text.charCodeAt(start + 1) === 100 ? 'id' : ''
    case 4:
      return text.startsWith('data', start) ? 'data' : ''
    case 5: {
      const c = text.charCodeAt(start)
      if (c === 101) return text.startsWith('event', start) ? 'event' : ''
      if (c === 114) return text.startsWith('retry', start) ? 'retry' : ''
      return ''
    }
    default:
      return ''
  }
}

function isAsciiDigits(s: string): boolean {
  if (s.length === 0) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }
  return true
}
