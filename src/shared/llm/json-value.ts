/** Narrowing helpers for provider JSON, which is untrusted and may be any shape. */

export type JsonObject = Record<string, unknown>

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

export function obj(value: unknown): JsonObject | null {
  return isObject(value) ? value : null
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null
}

/** A short, single-line preview of event data for a message. */
export function preview(data: string, max = 80): string {
  const flat = data.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}
