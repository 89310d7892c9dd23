import { useState } from 'react'

const PAGE = 200

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/**
 * Collapsible, colored JSON. Children render only when expanded and long containers page,
 * so a 50 MB document or one nested 10,000 deep costs what is on screen. Text only: values
 * are never interpreted as markup.
 */
export function JsonTree({ value }: { value: unknown }): React.JSX.Element {
  return (
    <div className="json-tree" role="tree">
      <JsonNode name={null} value={value as Json} depth={0} />
    </div>
  )
}

function JsonNode({ name, value, depth }: { name: string | null; value: Json; depth: number }): React.JSX.Element {
  const container = value !== null && typeof value === 'object'
  const [open, setOpen] = useState(depth < 2)
  const [shown, setShown] = useState(PAGE)
  const label = name === null ? null : <span className="json-key">{JSON.stringify(name)}: </span>

  if (!container) {
    return (
      <div className="json-line" role="treeitem" style={{ paddingLeft: depth * 14 }}>
        {label}
        <Scalar value={value} />
      </div>
    )
  }

  const isArray = Array.isArray(value)
  // Only what is shown is turned into entries: an array may hold millions of items.
  const entries: Array<[string, Json]> = isArray ? value.slice(0, open ? shown : 0).map((v, i) => [String(i), v]) : Object.entries(value)
  const count = isArray ? value.length : entries.length
  const [openBracket, closeBracket] = isArray ? ['[', ']'] : ['{', '}']
  return (
    <div role="treeitem" aria-expanded={open}>
      <div className="json-line" style={{ paddingLeft: depth * 14 }}>
        <button type="button" className="json-toggle" aria-label={open ? 'Collapse' : 'Expand'} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        {label}
        <span className="json-punct">{openBracket}</span>
        {!open && (
          <>
            <span className="json-summary">
              {count} {isArray ? (count === 1 ? 'item' : 'items') : count === 1 ? 'key' : 'keys'}
            </span>
            <span className="json-punct">{closeBracket}</span>
          </>
        )}
      </div>
      {open && (
        <>
          {entries.slice(0, shown).map(([key, child]) => (
            <JsonNode key={key} name={isArray ? null : key} value={child} depth={depth + 1} />
          ))}
          {count > shown && (
            <div className="json-line" style={{ paddingLeft: (depth + 1) * 14 }}>
              <button type="button" className="link" onClick={() => setShown(shown + PAGE)}>
                Show {Math.min(PAGE, count - shown)} more of {count - shown} remaining
              </button>
            </div>
          )}
          <div className="json-line" style={{ paddingLeft: depth * 14 }}>
            <span className="json-punct">{closeBracket}</span>
          </div>
        </>
      )}
    </div>
  )
}

function Scalar({ value }: { value: null | boolean | number | string }): React.JSX.Element {
  if (value === null) return <span className="json-null">null</span>
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>
  return <span className="json-string">{JSON.stringify(value)}</span>
}
