/**
 * A small, well-specified JSONPath subset for custom LLM stream rules (RFC 9535 syntax, a
 * subset of its selectors):
 *
 *   $                 the event's data, parsed as JSON (must come first)
 *   .name  ['name']   a member of an object ("name" may hold any character but . [ ] in dot form)
 *   [0]  [-1]         an array element, negative counting from the end
 *   [*]  .*           every element of an array or every member value of an object, in order
 *
 * Filters, slices, unions and `..` are not supported: a rule using them is rejected with the
 * position and what to write instead.
 */

export type JsonPathSegment = { kind: 'name'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' }

export class JsonPathError extends Error {}

/** Parses an expression; throws JsonPathError saying where it went wrong and what is supported. */
export function compileJsonPath(expression: string): JsonPathSegment[] {
  const src = expression.trim()
  const fail = (at: number, what: string): never => {
    throw new JsonPathError(
      `JSONPath "${src}" at character ${at + 1}: ${what}. Supported: $, .name, ['name'], [0], [-1], [*] (for example $.choices[*].delta.content).`
    )
  }
  if (!src.startsWith('$')) fail(0, 'an expression starts with $')
  const segments: JsonPathSegment[] = []
  let i = 1
  while (i < src.length) {
    const c = src[i]
    if (c === '.') {
      if (src[i + 1] === '.') fail(i, 'recursive descent (..) is not supported')
      let j = i + 1
      while (j < src.length && src[j] !== '.' && src[j] !== '[') j++
      const name = src.slice(i + 1, j)
      if (name === '') fail(i, 'a name must follow the dot')
      segments.push(name === '*' ? { kind: 'wildcard' } : { kind: 'name', name })
      i = j
    } else if (c === '[') {
      const close = src.indexOf(']', i)
      if (close < 0) fail(i, 'this [ is never closed')
      const inner = src.slice(i + 1, close).trim()
      const quoted = /^'([^']*)'$|^"([^"]*)"$/.exec(inner)
      if (inner === '*') segments.push({ kind: 'wildcard' })
      else if (/^-?\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) })
      else if (quoted) segments.push({ kind: 'name', name: quoted[1] ?? quoted[2] ?? '' })
      else fail(i, `"[${inner}]" is not a supported selector (filters, slices and unions are not)`)
      i = close + 1
    } else {
      fail(i, `unexpected "${c}"`)
    }
  }
  return segments
}

/** Every value the path selects in `root`, in document order. Missing members select nothing. */
export function evaluateJsonPath(segments: readonly JsonPathSegment[], root: unknown): unknown[] {
  let current: unknown[] = [root]
  for (const segment of segments) {
    const next: unknown[] = []
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue
      if (segment.kind === 'wildcard') {
        next.push(...(Array.isArray(value) ? (value as unknown[]) : Object.values(value as Record<string, unknown>)))
      } else if (segment.kind === 'index') {
        if (!Array.isArray(value)) continue
        const at = segment.index < 0 ? value.length + segment.index : segment.index
        if (at >= 0 && at < value.length) next.push(value[at])
      } else if (!Array.isArray(value) && Object.hasOwn(value, segment.name)) {
        next.push((value as Record<string, unknown>)[segment.name])
      }
    }
    current = next
  }
  return current
}
