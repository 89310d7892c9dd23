/** Past this, parsing would stall the UI thread for too long to be worth a tree view. */
export const MAX_JSON_TREE_CHARS = 5_000_000

export type DataView =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; reason: string | null }

/** Decides how to show event data: a JSON tree when it is a JSON object or array of sane size. */
export function viewOfData(data: string): DataView {
  const head = data.trimStart()[0]
  if (head !== '{' && head !== '[') return { kind: 'text', reason: null }
  if (data.length > MAX_JSON_TREE_CHARS) {
    return { kind: 'text', reason: `Shown as text: ${(data.length / 1e6).toFixed(1)} million characters is too large for the JSON view.` }
  }
  try {
    return { kind: 'json', value: JSON.parse(data) }
  } catch (err) {
    return { kind: 'text', reason: `Not valid JSON: ${(err as Error).message}` }
  }
}
