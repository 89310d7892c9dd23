import { describe, expect, it } from 'vitest'
import type { LlmSpan } from '../../../../shared/llm'
import { BLOCK_CHARS, blockSegments, rangesOfFrame, spanAt, spansOf, textBlocks } from './answer-text'

const span = (start: number, end: number, frame: number, part: LlmSpan['part'] = 'text'): LlmSpan => ({ part, start, end, frame })

describe('textBlocks', () => {
  it('cuts the text into blocks that join back to it, up to the limit', () => {
    const text = 'ab'.repeat(BLOCK_CHARS + 10)
    const blocks = textBlocks(text)
    expect(blocks.map((b) => b.text).join('')).toBe(text)
    expect(blocks.map((b) => b.start)).toEqual([0, BLOCK_CHARS, 2 * BLOCK_CHARS])
    expect(
      textBlocks(text, 100)
        .map((b) => b.text)
        .join('')
    ).toBe(text.slice(0, 100))
    expect(textBlocks('')).toEqual([])
  })

  it('never splits a surrogate pair between blocks', () => {
    const text = 'a'.repeat(BLOCK_CHARS - 1) + '😀' + 'b'
    const blocks = textBlocks(text)
    expect(blocks[0]?.text.endsWith('😀')).toBe(true)
    expect(blocks[1]).toEqual({ start: BLOCK_CHARS + 1, text: 'b' })
  })
})

describe('spanAt', () => {
  const spans = [span(0, 5, 3), span(5, 6, 4), span(6, 20, 9)]
  it('finds the span holding an offset', () => {
    expect(spanAt(spans, 0)?.frame).toBe(3)
    expect(spanAt(spans, 4)?.frame).toBe(3)
    expect(spanAt(spans, 5)?.frame).toBe(4)
    expect(spanAt(spans, 19)?.frame).toBe(9)
    expect(spanAt(spans, 20)).toBeUndefined()
    expect(spanAt([], 0)).toBeUndefined()
  })
  it('keeps text and reasoning apart', () => {
    const mixed = [span(0, 4, 1, 'reasoning'), span(0, 3, 2), span(4, 9, 5, 'reasoning'), span(3, 8, 6)]
    expect(spanAt(spansOf(mixed, 'reasoning'), 5)?.frame).toBe(5)
    expect(spanAt(spansOf(mixed, 'text'), 5)?.frame).toBe(6)
  })
})

describe('blockSegments', () => {
  it('marks the highlighted stretch inside a block and leaves the rest as text', () => {
    const block = { start: 10, text: 'hello world' }
    expect(blockSegments(block, [[16, 21]])).toEqual([
      ['hello ', false],
      ['world', true]
    ])
    expect(blockSegments(block, [[0, 12]])).toEqual([
      ['he', true],
      ['llo world', false]
    ])
    expect(blockSegments(block, [[30, 40]])).toEqual([['hello world', false]])
  })
  it('takes every range of a frame that carried several pieces', () => {
    const spans = [span(0, 2, 7), span(2, 4, 8), span(4, 6, 7)]
    expect(rangesOfFrame(spans, 7)).toEqual([
      [0, 2],
      [4, 6]
    ])
    expect(blockSegments({ start: 0, text: 'aabbcc' }, rangesOfFrame(spans, 7))).toEqual([
      ['aa', true],
      ['bb', false],
      ['cc', true]
    ])
  })
})
