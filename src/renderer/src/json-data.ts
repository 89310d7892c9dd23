/** Past this, parsing would stall the UI thread for too long to be worth a tree view. */
export const MAX_JSON_TREE_CHARS = 5_000_000

/** Deeper than this, formatting the whole document (Copy pretty) would overflow the stack. */
export const MAX_PRETTY_DEPTH = 1_000

/**
 * The text views lay out at most this many characters: laying out text costs about 1.7 s per
 * MiB of pretty JSON here, so more would freeze the tab on selection. Copy copies everything.
 */
export const MAX_TEXT_VIEW_CHARS = 128 * 1024

export type DataView = { kind: 'json'; value: unknown; depth: number } | { kind: 'text'; reason: string | null }

/** Decides how to show event data: a JSON tree when it is a JSON object or array of sane size. */
export function viewOfData(data: string): DataView {
  const head = data.trimStart()[0]
  if (head !== '{' && head !== '[') return { kind: 'text', reason: null }
  if (data.length > MAX_JSON_TREE_CHARS) {
    return {
      kind: 'text',
      reason: `Shown as text: too large for the JSON view (over ${MAX_JSON_TREE_CHARS / 1e6} million characters).`
    }
  }
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch (err) {
    // An engine with a recursive parser gives up on deep nesting with a RangeError, not a SyntaxError.
    if (err instanceof RangeError) return { kind: 'text', reason: 'Shown as text: too deeply nested to show as a tree.' }
    return { kind: 'text', reason: `Not valid JSON: ${(err as Error).message}` }
  }
  return { kind: 'json', value, depth: nestingDepth(data) }
}

/** How deeply arrays and objects nest in valid JSON text, found without recursion. */
export function nestingDepth(json: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return max
}
