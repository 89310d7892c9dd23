/**
 * UTF-8 for the event-stream parser: decoding lines and chunks the fastest way Node offers for
 * each shape of input, counting UTF-8 bytes of decoded text, and finding exactly what the
 * Encoding Standard's UTF-8 decoder (https://encoding.spec.whatwg.org/#utf-8-decoder) replaces
 * with U+FFFD. Event streams are always UTF-8 (WHATWG HTML §9.2.5), whatever the charset says.
 *
 * Every decoder here keeps a leading U+FEFF: only the stream's first byte order mark is removed,
 * and the parser does that itself.
 */
import { Buffer, isAscii } from 'node:buffer'

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true })
/**
 * For whole chunks of valid UTF-8 with much non-ASCII text. Node's streaming decoder (ICU) is
 * faster on such text than its non-streaming one; the text always ends on a complete character,
 * so no state is ever carried from one call to the next.
 */
const wholeDecoder = new TextDecoder('utf-8', { ignoreBOM: true })
const STREAM = { stream: true }

/**
 * UTF-8 decode of bytes[start, end) (byte offsets), without BOM removal, as at the start of a
 * line; invalid sequences become U+FFFD, one per maximal subpart, and an incomplete sequence at
 * `end` too (the caller ends the range at a line ending or at the end of the stream).
 */
export function decode(bytes: Uint8Array, start: number, end: number): string {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start)
  // Node's own decoder is far faster than TextDecoder on ASCII, and half as fast on other text.
  return isAscii(view) ? view.toString('utf8') : utf8Decoder.decode(view)
}

/**
 * UTF-8 decode of buf[start, end) (byte offsets), known to hold a byte >= 0x80: a line,
 * typically short. Same result as `decode`.
 */
export function decodeRange(buf: Buffer, start: number, end: number): string {
  // Per call, Node's decoder costs less than TextDecoder; per byte, TextDecoder is faster.
  return end - start < 1024 ? buf.toString('utf8', start, end) : utf8Decoder.decode(buf.subarray(start, end))
}

/**
 * UTF-8 decode of complete lines that the caller has checked are valid UTF-8 (`isUtf8`) and end on
 * a complete character; the fastest decoder for text that is mostly non-ASCII.
 */
export function decodeValidUtf8(bytes: Uint8Array): string {
  return wholeDecoder.decode(bytes, STREAM)
}

/**
 * The UTF-8 length, in bytes, of s[start, end) (UTF-16 code unit offsets), a well-formed decoded
 * string: what it took on the wire when it was decoded from valid UTF-8.
 */
export function utf8Length(s: string, start: number, end: number): number {
  let n = end - start
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) {
      if (c < 0x800) n += 1
      else if (c >= 0xd800 && c <= 0xdbff) {
        n += 2 // a surrogate pair: 4 bytes for 2 units
        i++
      } else n += 2
    }
  }
  return n
}

/** Whether bytes (fewer than 3) could be the start of a UTF-8 byte order mark (EF BB BF). */
export function isBomPrefix(bytes: Uint8Array): boolean {
  return (bytes.length < 1 || bytes[0] === 0xef) && (bytes.length < 2 || bytes[1] === 0xbb)
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
