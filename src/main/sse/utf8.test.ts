import fc from 'fast-check'
import { Buffer, isUtf8 } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { decode, decodeRange, decodeValidUtf8, invalidUtf8Marks, isBomPrefix, utf8Length } from './utf8'

// The Encoding Standard's UTF-8 decode without BOM handling, as the parser's reference.
const reference = new TextDecoder('utf-8', { ignoreBOM: true })
const interesting = [0x00, 0x0a, 0x41, 0x7f, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xbb, 0xf0, 0xf4, 0xf5, 0xff]
const arbitraryBytes = fc
  .array(fc.oneof(fc.constantFrom(...interesting), fc.integer({ min: 0, max: 255 })), { maxLength: 40 })
  .map((a) => Uint8Array.from(a))

describe('utf8', () => {
  it('decodes any range of bytes exactly as the Encoding Standard does, a leading U+FEFF kept', () => {
    fc.assert(
      fc.property(arbitraryBytes, fc.nat(), fc.nat(), (b, x, y) => {
        const start = b.length === 0 ? 0 : x % (b.length + 1)
        const end = start + (b.length === 0 ? 0 : y % (b.length - start + 1))
        const expected = reference.decode(b.subarray(start, end))
        expect(decode(b, start, end)).toBe(expected)
        expect(decodeRange(Buffer.from(b), start, end)).toBe(expected)
      }),
      { numRuns: 2000 }
    )
    expect(decode(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41), 0, 4)).toBe('\uFEFFA')
  })

  it('decodes long lines (past the per-call cut-over) the same way', () => {
    const line = Buffer.from(`${'é'.repeat(700)}\u{1F642}${'x'.repeat(10)}`)
    expect(decodeRange(line, 0, line.length)).toBe(reference.decode(line))
    const broken = Buffer.concat([line, Buffer.from([0xe2, 0x82])])
    expect(decodeRange(broken, 0, broken.length)).toBe(reference.decode(broken))
  })

  it('decodes valid text whole, carrying nothing from one call to the next', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 4 }), (texts) => {
        for (const text of texts) {
          const bytes = Buffer.from(text)
          expect(isUtf8(bytes)).toBe(true)
          expect(decodeValidUtf8(bytes)).toBe(reference.decode(bytes))
        }
      })
    )
  })

  it('counts the UTF-8 bytes of decoded text, surrogate pairs included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (before, text) => {
        const s = before + text
        expect(utf8Length(s, before.length, s.length)).toBe(Buffer.byteLength(text, 'utf8'))
      })
    )
    expect(utf8Length('aé—🙂', 0, 5)).toBe(1 + 2 + 3 + 4)
  })

  it('tells which short beginnings could still become a byte order mark', () => {
    expect(isBomPrefix(Uint8Array.of())).toBe(true)
    expect(isBomPrefix(Uint8Array.of(0xef))).toBe(true)
    expect(isBomPrefix(Uint8Array.of(0xef, 0xbb))).toBe(true)
    expect(isBomPrefix(Uint8Array.of(0xef, 0x41))).toBe(false)
    expect(isBomPrefix(Uint8Array.of(0x64))).toBe(false)
  })

  it('marks where decoding replaced invalid bytes, and how many', () => {
    // "a", a lone continuation byte, a truncated 3-byte sequence before "b", then a genuine U+FFFD.
    const b = Uint8Array.of(0x61, 0x80, 0xe2, 0x82, 0x62, 0xef, 0xbf, 0xbd)
    expect(reference.decode(b)).toBe('a\uFFFD\uFFFDb\uFFFD')
    expect(invalidUtf8Marks(b, 0, b.length)).toEqual([1, 1, 2, 2])
    expect(invalidUtf8Marks(b, 4, b.length)).toEqual([])
  })
})
