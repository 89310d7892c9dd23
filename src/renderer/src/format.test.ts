import { describe, expect, it } from 'vitest'
import { formatBytes, formatGap, summarizeFrame, utf8Length } from './format'

describe('format', () => {
  it('counts UTF-8 bytes like TextEncoder', () => {
    for (const text of ['', 'abc', 'café', '€', '😀 ok', 'a\u0800b']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length)
    }
  })

  it('formats gaps and sizes for a narrow column', () => {
    expect(formatGap(12.4)).toBe('12 ms')
    expect(formatGap(1250)).toBe('1.25 s')
    expect(formatGap(61_000)).toBe('1 min 1 s')
    expect(formatBytes(900)).toBe('900 B')
    expect(formatBytes(2048)).toBe('2.0 KB')
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB')
  })

  it('keeps rows on one line and previews long data', () => {
    const line = summarizeFrame({ kind: 'event', type: 'm', data: 'a\nb\r\nc', lastEventId: '', connectionId: 'c', time: 0 })
    expect(line).toBe('a ⏎ b ⏎ c')
    const long = summarizeFrame({ kind: 'event', type: 'm', data: 'x'.repeat(10_000), lastEventId: '', connectionId: 'c', time: 0 })
    expect(long.length).toBeLessThan(500)
  })
})
