import type { LlmSpan, LlmSpanPart } from '../../../../shared/llm'

/**
 * Characters per text block. The answer is rendered as blocks of this size, each its own
 * element with `content-visibility: auto`, so the browser lays out only the blocks on screen and
 * a streaming update re-renders only the last block.
 */
export const BLOCK_CHARS = 8192
/** Characters shown before "Show all": a 10 MB answer is readable from the start without rendering all of it. */
export const INITIAL_CHARS = 256 * 1024

export interface TextBlock {
  /** Offset of the block's first character in the whole text (UTF-16 units). */
  start: number
  text: string
}

/**
 * Cuts `text` (up to `limit` characters) into blocks of `BLOCK_CHARS`, never between the two
 * halves of a surrogate pair, so every block is valid text on its own.
 */
export function textBlocks(text: string, limit = text.length): TextBlock[] {
  const end = Math.min(limit, text.length)
  const blocks: TextBlock[] = []
  let start = 0
  while (start < end) {
    let stop = Math.min(end, start + BLOCK_CHARS)
    const code = text.charCodeAt(stop - 1)
    if (stop < text.length && code >= 0xd800 && code <= 0xdbff) stop += 1
    blocks.push({ start, text: text.slice(start, stop) })
    start = stop
  }
  return blocks
}

/** The spans of one part (text or reasoning), in text order (the assembler appends, so arrival order is text order). */
export function spansOf(spans: readonly LlmSpan[], part: LlmSpanPart): LlmSpan[] {
  return spans.filter((s) => s.part === part)
}

/** The span holding character `offset`, by binary search over spans in text order; undefined past the end. */
export function spanAt(spans: readonly LlmSpan[], offset: number): LlmSpan | undefined {
  let lo = 0
  let hi = spans.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const span = spans[mid] as LlmSpan
    if (offset < span.start) hi = mid - 1
    else if (offset >= span.end) lo = mid + 1
    else return span
  }
  return undefined
}

/** The `[start, end)` ranges of the text a frame carried (one frame can carry several pieces, e.g. Gemini parts). */
export function rangesOfFrame(spans: readonly LlmSpan[], frame: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  for (const span of spans) if (span.frame === frame) ranges.push([span.start, span.end])
  return ranges
}

/**
 * A block's text cut where highlighted ranges begin and end: `[text, highlighted]` pieces in
 * order, for rendering a selected frame's stretch as a mark without touching other blocks.
 */
export function blockSegments(block: TextBlock, ranges: ReadonlyArray<[number, number]>): Array<[string, boolean]> {
  const end = block.start + block.text.length
  const inside = ranges.filter(([s, e]) => e > block.start && s < end).sort((a, b) => a[0] - b[0])
  if (inside.length === 0) return [[block.text, false]]
  const segments: Array<[string, boolean]> = []
  let at = block.start
  for (const [s, e] of inside) {
    const from = Math.max(s, at)
    const to = Math.min(e, end)
    if (from > at) segments.push([block.text.slice(at - block.start, from - block.start), false])
    if (to > from) segments.push([block.text.slice(from - block.start, to - block.start), true])
    at = Math.max(at, to)
  }
  if (at < end) segments.push([block.text.slice(at - block.start), false])
  return segments
}
