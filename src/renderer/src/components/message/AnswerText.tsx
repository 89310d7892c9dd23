import { memo, useMemo, useState } from 'react'
import type { LlmSpan } from '../../../../shared/llm'
import { formatBytes, utf8Length } from '../../format'
import { INITIAL_CHARS, blockSegments, spanAt, textBlocks, type TextBlock } from './answer-text'

interface Props {
  text: string
  /** The spans of this text's part, in text order. */
  spans: readonly LlmSpan[]
  /** Ranges of the selected frame's pieces, marked in the text. */
  highlight: ReadonlyArray<[number, number]>
  /** A click on a stretch of text: the span that holds it. */
  onPick: (span: LlmSpan) => void
  testId: string
}

/**
 * An answer's text as text (never markup), in blocks the browser lays out only when on screen,
 * capped at INITIAL_CHARS until the user asks for all of it. Clicking a character finds its
 * span with the caret position under the pointer, so no element per span is needed.
 */
export function AnswerText({ text, spans, highlight, onPick, testId }: Props): React.JSX.Element {
  const [showAll, setShowAll] = useState(false)
  const limit = showAll ? text.length : INITIAL_CHARS
  const blocks = useMemo(() => textBlocks(text, limit), [text, limit])
  return (
    <>
      <div
        className="answer-text"
        data-testid={testId}
        title="Click a stretch of text to select the event that carried it"
        onClick={(e) => {
          const offset = offsetAtPoint(e.clientX, e.clientY)
          if (offset === null) return
          const span = spanAt(spans, offset) ?? spanAt(spans, offset - 1)
          if (span) onPick(span)
        }}
      >
        {blocks.map((block) => (
          <Block key={block.start} block={block} highlight={highlight} />
        ))}
      </div>
      {text.length > limit && (
        <p className="hint note answer-cap">
          Showing the first {formatBytes(utf8Length(text.slice(0, limit)))} of {formatBytes(utf8Length(text))}.{' '}
          <button type="button" className="small" onClick={() => setShowAll(true)}>
            Show all
          </button>
        </p>
      )}
    </>
  )
}

const Block = memo(function Block({
  block,
  highlight
}: {
  block: TextBlock
  highlight: ReadonlyArray<[number, number]>
}): React.JSX.Element {
  const segments = blockSegments(block, highlight)
  return (
    <div className="answer-block" data-offset={block.start}>
      {segments.map(([piece, marked], i) =>
        marked ? (
          <mark key={i} className="answer-mark">
            {piece}
          </mark>
        ) : (
          piece
        )
      )}
    </div>
  )
}, sameBlock)

function sameBlock(a: { block: TextBlock; highlight: ReadonlyArray<[number, number]> }, b: typeof a): boolean {
  if (a.block.start !== b.block.start || a.block.text !== b.block.text) return false
  // Only blocks the old or the new highlight touches need a render when the selection moves.
  const end = a.block.start + a.block.text.length
  const touches = (ranges: ReadonlyArray<[number, number]>): string =>
    ranges
      .filter(([s, e]) => e > a.block.start && s < end)
      .map(([s, e]) => `${s}-${e}`)
      .join(',')
  return touches(a.highlight) === touches(b.highlight)
}

/** The text offset under a point: the caret position there, plus the text before it in its block. */
function offsetAtPoint(x: number, y: number): number | null {
  // A drag that selected text is a selection, not a pick.
  const selection = window.getSelection()
  if (selection && !selection.isCollapsed) return null
  let node: Node | null = null
  let offset = 0
  if (typeof document.caretPositionFromPoint === 'function') {
    const position = document.caretPositionFromPoint(x, y)
    node = position?.offsetNode ?? null
    offset = position?.offset ?? 0
  } else if (typeof document.caretRangeFromPoint === 'function') {
    const range = document.caretRangeFromPoint(x, y)
    node = range?.startContainer ?? null
    offset = range?.startOffset ?? 0
  }
  if (!node || node.nodeType !== Node.TEXT_NODE) return null
  const block = node.parentElement?.closest<HTMLElement>('.answer-block')
  if (!block) return null
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT)
  let before = 0
  for (let current = walker.nextNode(); current && current !== node; current = walker.nextNode()) {
    before += current.textContent?.length ?? 0
  }
  return Number(block.dataset['offset']) + before + offset
}
