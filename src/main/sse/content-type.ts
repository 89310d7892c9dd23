export interface MediaType {
  /** Lower-cased `type/subtype`, without parameters. */
  essence: string
  /** Parameter names lower-cased; values as sent, unquoted. */
  params: Record<string, string>
}

/** Parses a Content-Type header loosely, as browsers do: case and whitespace do not matter. */
export function parseMediaType(header: string | undefined): MediaType | null {
  if (!header) return null
  const [first, ...rest] = header.split(';')
  const essence = (first ?? '').trim().toLowerCase()
  if (!/^[^\s/]+\/[^\s/]+$/.test(essence)) return null
  const params: Record<string, string> = {}
  for (const part of rest) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim().toLowerCase()
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    if (name && !(name in params)) params[name] = value
  }
  return { essence, params }
}

export const EVENT_STREAM_TYPE = 'text/event-stream'
