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
 * - Limits. `maxLineBytes` and `maxEventBytes` are checked against UTF-16 lengths, not UTF-8
 *   byte counts, because counting bytes would cost a pass over every line. A string of `n`
 *   UTF-16 code units is between `n` and `3n` UTF-8 bytes (`length * 3 >= bytes`), so a limit is
 *   never hit early; text that is mostly non-ASCII may get up to 3x past it. Diagnostics do give
 *   exact byte counts (of the decoded text) for what they discard.
 *
 * Decoding. The spec decodes with "UTF-8 decode": invalid bytes become U+FFFD (one per maximal
 * invalid subpart), and one leading byte order mark is removed. We decode each chunk up to its
 * last complete character with Node's native UTF-8 decoder (which replaces exactly as the
 * Encoding Standard does, and is several times faster than a streaming `TextDecoder`), carrying
 * an incomplete trailing sequence (at most 3 bytes) over to the next chunk. Invalid input is
 * found by looking for U+FFFD in the decoded text (free for pure-ASCII text), and only then are
 * the bytes validated, so that a genuine U+FFFD in the source is not reported.
 */
import { Buffer, isUtf8 } from 'node:buffer'
import type { CommentFrame, DiagnosticFrame, DiagnosticLevel, EventFrame, RetryFrame } from '../../shared/frames'

type Unstamped<F> = Omit<F, 'connectionId' | 'time'>

export type ParsedFrame =
  | Unstamped<EventFrame>
  | Unstamped<CommentFrame>
  | Unstamped<RetryFrame>
  | Unstamped<DiagnosticFrame>

export interface ParserOptions {
  /** Longest line accepted, in bytes (default 16 MiB). */
  maxLineBytes?: number
  /** Largest event (sum of its data) accepted, in bytes (default 64 MiB). */
  maxEventBytes?: number
  /** Attach `raw` (the exact decoded text of the lines, line endings included) to event frames (default true). */
  keepRaw?: boolean
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

const LF = 0x0a
const CR = 0x0d
const SPACE = 0x20
const COLON = 0x3a
const BOM = 0xfeff

const KNOWN_FIELDS = ['data', 'event', 'id', 'retry'] as const

type SkipCode = 'line-too-long' | 'event-too-large'

export class EventStreamParser {
  private readonly onFrame: (frame: ParsedFrame) => void
  private readonly maxLine: number
  private readonly maxEvent: number
  private readonly keepRaw: boolean

  // ---- Decoding (per stream) ----
  /** True until the first character of this stream has been decoded (BOM check). */
  private atStart = true
  /** An incomplete UTF-8 sequence at the end of the last chunk, waiting for its next bytes. */
  private readonly carry = new Uint8Array(3)
  private carryLen = 0
  /** Invalid-UTF-8 replacements in the text being scanned: [textIndex, bytes, textIndex, bytes, ...]. */
  private marks: number[] | null = null
  private markPtr = 0

  // ---- Line assembly (per stream) ----
  /** Pieces of a line that started in an earlier chunk and has not ended yet. */
  private pieces: string[] = []
  /** UTF-16 length of that unfinished line (also tracked while skipping, where pieces are not kept). */
  private pendingLen = 0
  /** Invalid UTF-8 bytes replaced in that unfinished line. */
  private pendingInvalid = 0
  /** The last chunk ended with a CR that ended a line: an LF starting the next chunk belongs to it. */
  private pendingCR = false
  /** Whether that LF must be appended to `rawParts` (the CR ended a kept, non-blank line). */
  private crRawLF = false
  /** While scanning a chunk: the next colon at or after the current line start (cache; see `field`). */
  private colonAt = -1

  // ---- The event being built (per stream) ----
  private data = ''
  private dataLines = 0
  private eventType = ''
  private sawEventField = false
  /** The value of this block's last applied `id:` field, if any. */
  private blockId: string | undefined = undefined
  private blockHasFields = false
  /** Text of this block's lines from earlier chunks (only when keepRaw). */
  private rawParts: string[] = []
  private idBuffer = ''
  private committedId = ''

  // ---- Recovery after a limit was hit (per stream) ----
  private skipping = false
  private skipCode: SkipCode = 'line-too-long'
  private skipLines = 0
  private skipBytes = 0
  private skipDataBytes = 0

  constructor(onFrame: (frame: ParsedFrame) => void, options: ParserOptions = {}) {
    this.onFrame = onFrame
    this.maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
    this.maxEvent = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES
    this.keepRaw = options.keepRaw ?? true
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
    if (this.carryLen !== 0) {
      bytes = new Uint8Array(this.carryLen + chunk.length)
      bytes.set(this.carry.subarray(0, this.carryLen))
      bytes.set(chunk, this.carryLen)
      this.carryLen = 0
    }
    const size = bytes.length
    const keep = incompleteTail(bytes, size)
    const cut = size - keep
    if (keep !== 0) {
      this.carry.set(bytes.subarray(cut, size))
      this.carryLen = keep
    }
    if (cut === 0) return
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, cut)
    let text = view.toString('utf8')
    let shift = 0
    if (this.atStart) {
      this.atStart = false
      if (text.charCodeAt(0) === BOM) {
        text = text.slice(1)
        shift = 1
        this.diagnostic(
          'info',
          'bom-stripped',
          'A UTF-8 byte order mark (EF BB BF) at the start of the stream was removed, as browsers do. Only this one is removed: any later U+FEFF is kept as text.'
        )
      }
    }
    // A U+FFFD in the text is either a replaced invalid sequence or a genuine, well-formed U+FFFD
    // in the source. Tell them apart only when there is one (indexOf is free on one-byte strings).
    if (text.indexOf('\uFFFD') !== -1 && !isUtf8(view)) {
      const marks = invalidUtf8Marks(bytes, 0, cut)
      if (shift !== 0) for (let i = 0; i < marks.length; i += 2) marks[i]! -= shift
      this.marks = marks
      this.markPtr = 0
    }
    if (text.length !== 0) this.scan(text)
    this.marks = null
  }

  /**
   * End of this response body: flush the decoder, discard (and report) an unfinished event, and
   * reset per-stream state (BOM handling, buffers, pending CR) so the same parser can take the
   * next connection's body. lastEventId is kept.
   */
  end(): void {
    if (this.carryLen !== 0) {
      // The body ended inside a UTF-8 sequence: the decoder emits one U+FFFD for it.
      const bytes = this.carryLen
      this.carryLen = 0
      this.atStart = false
      this.pendingLen += 1
      if (this.skipping) this.skipBytes += 3
      else {
        this.pieces.push('\uFFFD')
        this.pendingInvalid += bytes
      }
    }
    if (this.skipping) {
      if (this.pendingLen !== 0) this.skipLines++
      this.finishSkip(true)
    } else {
      const line = this.pendingLen !== 0 ? this.pieces.join('') : ''
      if (this.pendingInvalid !== 0) this.invalidUtf8(this.pendingInvalid, line, true)
      if (this.blockHasFields || this.pendingLen !== 0) this.unfinished(line)
    }
    this.resetStream()
  }

  // ---------------------------------------------------------------------------------------------
  // Scanning

  /** Splits decoded text into lines (CRLF, LF or lone CR) and processes them. */
  private scan(text: string): void {
    const len = text.length
    let pos = 0
    if (this.pendingCR) {
      this.pendingCR = false
      if (text.charCodeAt(0) === LF) {
        // The second half of a CRLF split across chunks: one line ending, not two.
        pos = 1
        if (this.crRawLF) this.rawParts.push('\n')
      }
    }
    this.colonAt = -1
    let rawStart = pos
    let cr = text.indexOf('\r', pos)
    let lf = text.indexOf('\n', pos)
    while (lf !== -1 || cr !== -1) {
      let eol: number
      let next: number
      let crAtEnd = false
      if (lf !== -1 && (cr === -1 || lf < cr)) {
        eol = lf
        next = lf + 1
      } else {
        eol = cr
        next = cr + 1
        if (next === len) crAtEnd = true
        else if (text.charCodeAt(next) === LF) next++
      }

      const blank = eol === pos && this.pendingLen === 0
      if (this.pendingLen !== 0 || this.skipping) {
        rawStart = this.slowLine(text, pos, eol, next)
      } else if (blank) {
        // A blank line: dispatch the event.
        if (this.dataLines !== 0) this.dispatch(this.keepRaw ? this.takeRaw(text, rawStart, eol + 1) : undefined)
        else this.emptyBlock()
        rawStart = next
      } else {
        if (eol - pos > this.maxLine) {
          if (this.marks !== null) this.dropMarks(this.marks, eol)
          this.abandon('line-too-long')
          this.skipLines = 1
          this.skipBytes = utf8Length(text, pos, eol)
        } else {
          if (this.marks !== null) this.lineInvalid(text, pos, eol)
          this.line(text, pos, eol, true)
        }
      }

      if (crAtEnd) {
        this.pendingCR = true
        this.crRawLF = this.keepRaw && !blank && !this.skipping
      }
      pos = next
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos)
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos)
    }

    if (pos < len) this.partial(text, pos, rawStart)
    else if (this.keepRaw && rawStart < len && !this.skipping) this.rawParts.push(text.slice(rawStart, len))
  }

  /** The text at the end of a chunk that is not (yet) a line. */
  private partial(text: string, pos: number, rawStart: number): void {
    const len = text.length
    if (this.skipping) {
      this.skipBytes += utf8Length(text, pos, len)
      this.pendingLen += len - pos
      this.markPtr = Number.MAX_SAFE_INTEGER
      return
    }
    if (this.keepRaw && pos > rawStart) this.rawParts.push(text.slice(rawStart, pos))
    this.pieces.push(pos === 0 ? text : text.slice(pos))
    this.pendingLen += len - pos
    const marks = this.marks
    if (marks !== null) {
      for (let i = this.markPtr; i < marks.length; i += 2) this.pendingInvalid += marks[i + 1]!
      this.markPtr = marks.length
    }
    if (this.pendingLen > this.maxLine) {
      let bytes = 0
      for (const piece of this.pieces) bytes += utf8Length(piece, 0, piece.length)
      this.abandon('line-too-long')
      this.skipBytes = bytes
      // skipLines is counted when this line finally ends.
    }
  }

  /**
   * A line ending while a line from an earlier chunk is pending, or while skipping to the next
   * blank line. Returns the new raw start.
   */
  private slowLine(text: string, pos: number, eol: number, next: number): number {
    const marks = this.marks
    if (this.skipping) {
      if (marks !== null) this.dropMarks(marks, eol)
      if (this.pendingLen === 0 && eol === pos) {
        this.finishSkip(false)
        return next
      }
      this.skipLines++
      this.skipBytes += utf8Length(text, pos, eol)
      this.pendingLen = 0
      return next
    }
    // Complete the pending line. `pos` is 0 here: the line began in an earlier chunk.
    if (eol !== pos) this.pieces.push(text.slice(pos, eol))
    const pieces = this.pieces
    const line = pieces.length === 1 ? pieces[0]! : pieces.join('')
    this.pieces = []
    this.pendingLen = 0
    if (line.length > this.maxLine) {
      this.pendingInvalid = 0
      if (marks !== null) this.dropMarks(marks, eol)
      this.abandon('line-too-long')
      this.skipLines = 1
      this.skipBytes = utf8Length(line, 0, line.length)
      return next
    }
    let invalid = this.pendingInvalid
    this.pendingInvalid = 0
    if (marks !== null) invalid += this.dropMarks(marks, eol)
    if (invalid !== 0) this.invalidUtf8(invalid, line, false)
    if (this.keepRaw) this.rawParts.push(line)
    this.line(line, 0, line.length, false)
    return eol
  }

  /** Consumes the invalid-UTF-8 marks that fall before `end`; returns their byte total. */
  private dropMarks(marks: number[], end: number): number {
    let n = 0
    let i = this.markPtr
    while (i < marks.length && marks[i]! < end) {
      n += marks[i + 1]!
      i += 2
    }
    this.markPtr = i
    return n
  }

  /** Reports the invalid UTF-8 replaced in the line [start, end) of the chunk text, if any. */
  private lineInvalid(text: string, start: number, end: number): void {
    const n = this.dropMarks(this.marks!, end)
    if (n !== 0) this.invalidUtf8(n, text.slice(start, end), false)
  }

  // ---------------------------------------------------------------------------------------------
  // Interpreting lines

  /** Processes one complete, non-empty line [start, end) of `text`. */
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
      this.appendData(text, text.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5, end, start)
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
    let name: string
    let valueStart: number
    if (colon >= end) {
      // No colon: the whole line is the field name, and the value is empty.
      name = text.slice(start, end)
      valueStart = end
    } else {
      name = text.slice(start, colon)
      valueStart = text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1
    }
    switch (name) {
      case 'data':
        this.appendData(text, valueStart, end, start)
        return
      case 'event':
        this.eventType = text.slice(valueStart, end)
        this.sawEventField = true
        return
      case 'id': {
        const value = text.slice(valueStart, end)
        if (value.indexOf('\0') !== -1) {
          this.diagnostic(
            'warning',
            'id-contains-null',
            `The id field ${preview(value)} contains U+0000 NULL, so it was ignored, as browsers do: the last event ID stays ${preview(this.idBuffer)}.`
          )
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
          this.diagnostic(
            'warning',
            'invalid-retry',
            `The retry field ${preview(value)} is not ${value === '' ? 'a number' : 'made only of ASCII digits'} (no sign, spaces, units or decimals), so it was ignored, as browsers do: the reconnection time is unchanged.`
          )
        }
        return
      }
      default:
        this.diagnostic('warning', 'unknown-field', unknownFieldMessage(name, colon >= end))
    }
  }

  private appendData(text: string, from: number, end: number, lineStart: number): void {
    const added = end - from
    const size = this.dataLines === 0 ? added : this.data.length + 1 + added
    if (size > this.maxEvent) {
      const dataBytes = this.dataLines === 0 ? 0 : utf8Length(this.data, 0, this.data.length)
      this.abandon('event-too-large')
      this.skipDataBytes = dataBytes
      this.skipLines = 1
      this.skipBytes = utf8Length(text, lineStart, end)
      return
    }
    const value = text.slice(from, end)
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
    const frame: Unstamped<EventFrame> = {
      kind: 'event',
      type: this.eventType === '' ? 'message' : this.eventType,
      data: this.data,
      lastEventId
    }
    if (this.blockId !== undefined) frame.id = this.blockId
    if (raw !== undefined) frame.raw = raw
    this.data = ''
    this.dataLines = 0
    this.eventType = ''
    this.sawEventField = false
    this.blockId = undefined
    this.blockHasFields = false
    this.onFrame(frame)
  }

  /** A blank line with an empty data buffer: nothing is dispatched, but the last event ID is committed. */
  private emptyBlock(): void {
    this.committedId = this.idBuffer
    if (this.sawEventField) {
      this.diagnostic(
        'warning',
        'event-without-data',
        `An event block set the event type ${preview(this.eventType)} but had no data field, so no event was dispatched, as in browsers (an event needs at least one "data" line, even an empty one).`
      )
    }
    this.eventType = ''
    this.sawEventField = false
    this.blockId = undefined
    this.blockHasFields = false
    if (this.rawParts.length !== 0) this.rawParts = []
  }

  // ---------------------------------------------------------------------------------------------
  // Limits and recovery

  /** Drops the event being built and skips everything up to the next blank line. */
  private abandon(code: SkipCode): void {
    this.skipping = true
    this.skipCode = code
    this.skipLines = 0
    this.skipBytes = 0
    this.skipDataBytes = 0
    this.data = ''
    this.dataLines = 0
    this.eventType = ''
    this.sawEventField = false
    this.blockId = undefined
    this.blockHasFields = false
    this.idBuffer = this.committedId
    this.rawParts = []
    this.pieces = []
    this.pendingInvalid = 0
  }

  private finishSkip(atEnd: boolean): void {
    const lines = `${this.skipLines} line${this.skipLines === 1 ? '' : 's'} (${formatBytes(this.skipBytes)})`
    const until = atEnd ? 'up to the end of the stream' : 'up to the next blank line'
    const resumed = atEnd ? '' : ' Parsing resumed with the next event.'
    if (this.skipCode === 'line-too-long') {
      this.diagnostic(
        'error',
        'line-too-long',
        `A line was longer than maxLineBytes (${formatBytes(this.maxLine)}), so the event it was in was abandoned: ${lines} were discarded ${until}.${resumed} A browser has no such limit and would keep buffering.`
      )
    } else {
      const had = this.skipDataBytes !== 0 ? ` The ${formatBytes(this.skipDataBytes)} of data already buffered were dropped, and` : ''
      this.diagnostic(
        'error',
        'event-too-large',
        `An event's data grew past maxEventBytes (${formatBytes(this.maxEvent)}), so the event was abandoned.${had}${had ? '' : ' In all,'} ${lines} were discarded ${until}.${resumed} A browser has no such limit and would keep buffering.`
      )
    }
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

  private invalidUtf8(bytes: number, line: string, unterminated: boolean): void {
    const where = unterminated ? 'the unterminated last line' : 'the line'
    this.diagnostic(
      'warning',
      'invalid-utf8',
      `${bytes} byte${bytes === 1 ? '' : 's'} of invalid UTF-8 in ${where} ${preview(line)} ${bytes === 1 ? 'was' : 'were'} replaced with U+FFFD, as browsers do: event streams are always decoded as UTF-8, whatever the charset says.`
    )
  }

  private unfinished(line: string): void {
    const lost: string[] = []
    if (this.dataLines !== 0) lost.push(`${this.dataLines} data line${this.dataLines === 1 ? '' : 's'} (${preview(this.data)})`)
    if (this.sawEventField) lost.push(`the event type ${preview(this.eventType)}`)
    if (this.blockId !== undefined) lost.push(`the id ${preview(this.blockId)} (not committed: the last event ID stays ${preview(this.committedId)})`)
    if (line !== '') lost.push(`an unterminated last line ${preview(line)}, which is never processed as a field because it has no line ending`)
    const detail = lost.length !== 0 ? ` Lost: ${lost.join('; ')}.` : ''
    this.diagnostic(
      'warning',
      'unfinished-event-discarded',
      `The stream ended before the blank line that would have dispatched the current event, so it was discarded, as browsers do.${detail}`
    )
  }

  private resetStream(): void {
    this.atStart = true
    this.carryLen = 0
    this.marks = null
    this.markPtr = 0
    this.pieces = []
    this.pendingLen = 0
    this.pendingInvalid = 0
    this.pendingCR = false
    this.crRawLF = false
    this.data = ''
    this.dataLines = 0
    this.eventType = ''
    this.sawEventField = false
    this.blockId = undefined
    this.blockHasFields = false
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

/**
 * How many bytes at the end of `bytes[0, size)` are the start of a UTF-8 sequence that is valid
 * so far but incomplete (0 to 3): exactly the bytes a streaming UTF-8 decoder would hold back.
 */
function incompleteTail(bytes: Uint8Array, size: number): number {
  for (let k = 1; k <= 3 && k <= size; k++) {
    const b = bytes[size - k]!
    if (b < 0x80) return 0
    if (b >= 0xc0) {
      let need: number
      let lower = 0x80
      let upper = 0xbf
      if (b >= 0xc2 && b <= 0xdf) need = 2
      else if (b >= 0xe0 && b <= 0xef) {
        need = 3
        if (b === 0xe0) lower = 0xa0
        else if (b === 0xed) upper = 0x9f
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 4
        if (b === 0xf0) lower = 0x90
        else if (b === 0xf4) upper = 0x8f
      } else return 0 // never a lead byte: replaced right away
      if (k >= need) return 0 // complete (or invalid): decodable now
      if (k >= 2) {
        const second = bytes[size - k + 1]!
        if (second < lower || second > upper) return 0
      }
      return k
    }
    // A continuation byte: keep looking back for its lead byte.
  }
  return 0
}

/**
 * Runs the Encoding Standard's UTF-8 decoder over bytes[start, end) (which end on a complete
 * sequence, or at end of stream) and returns where it emits U+FFFD for invalid input, as pairs
 * [index in the decoded UTF-16 text, number of bytes replaced]. A well-formed U+FFFD is not
 * reported.
 */
export function invalidUtf8Marks(bytes: Uint8Array, start: number, end: number): number[] {
  const marks: number[] = []
  let out = 0
  let i = start
  while (i < end) {
    const b = bytes[i]!
    if (b < 0x80) {
      out++
      i++
      continue
    }
    let need: number
    let lower = 0x80
    let upper = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lower = 0xa0
      else if (b === 0xed) upper = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lower = 0x90
      else if (b === 0xf4) upper = 0x8f
    } else {
      marks.push(out, 1)
      out++
      i++
      continue
    }
    let j = i + 1
    let seen = 0
    while (seen < need && j < end) {
      const c = bytes[j]!
      if (c < lower || c > upper) break
      lower = 0x80
      upper = 0xbf
      seen++
      j++
    }
    if (seen === need) out += need === 3 ? 2 : 1
    else {
      // The bytes so far become one U+FFFD; the offending byte (at j) is decoded afresh.
      marks.push(out, 1 + seen)
      out++
    }
    i = j
  }
  return marks
}

/** The UTF-8 length of s[start, end). Only used on error paths. */
function utf8Length(s: string, start: number, end: number): number {
  let n = 0
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      n += 4 // a surrogate pair (the decoder never produces lone surrogates)
      i++
    } else n += 3
  }
  return n
}

function isAsciiDigits(s: string): boolean {
  if (s.length === 0) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }
  return true
}

/** A short, quoted rendering of a piece of text for a message, with invisible characters escaped. */
function preview(s: string, max = 40): string {
  const cut = s.length > max ? s.slice(0, max) : s
  const quoted = JSON.stringify(cut).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return quoted + (cut.length < s.length ? '…' : '')
}

const INVISIBLE = /[\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`
  if (n >= 1024 * 1024) return `${n} bytes (${(n / (1024 * 1024)).toFixed(1)} MiB)`
  return `${n} byte${n === 1 ? '' : 's'}`
}

function unknownFieldMessage(name: string, noColon: boolean): string {
  const shown = preview(name)
  const head = `Unknown field ${shown} ignored, as browsers do: only data, event, id and retry mean anything.`
  let hint = ''
  const lower = name.toLowerCase()
  const trimmed = name.trim()
  const bare = name.replace(/^\uFEFF+/, '')
  if (name.charCodeAt(0) === BOM) {
    hint = ` The line starts with U+FEFF: only one byte order mark, at the very start of the stream, is removed${isKnown(bare) ? `, so this was not read as "${bare}"` : ''}.`
  } else if (isKnown(lower)) {
    hint = ` Field names are case-sensitive; did you mean "${lower}"?`
  } else if (isKnown(trimmed)) {
    hint = ` Spaces before the colon are part of the field name; did you mean "${trimmed}"?`
  } else if (name.charCodeAt(0) === 0xfffd) {
    hint = ' The line starts with bytes that are not UTF-8 (a UTF-16 byte order mark?): event streams are always UTF-8.'
  } else {
    const near = KNOWN_FIELDS.find((k) => editDistanceAtMostOne(lower, k))
    if (near !== undefined) hint = ` Did you mean "${near}"?`
    else if (noColon) hint = ' A line without a colon is a field named by the whole line, with an empty value.'
  }
  return head + hint
}

function isKnown(name: string): boolean {
  return (KNOWN_FIELDS as readonly string[]).includes(name)
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  if (i === a.length && i === b.length) return true
  const restA = a.slice(i)
  const restB = b.slice(i)
  return (
    restA.slice(1) === restB.slice(1) || // substitution
    restA.slice(1) === restB || // deletion from a
    restA === restB.slice(1) || // insertion into a
    (restA.length >= 2 && restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2)) // transposition
  )
}
