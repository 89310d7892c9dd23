import type { z } from 'zod'
import { QUERY_CAPS, serverConfigSchema, STREAM_QUERY_PARAMS, type ServerConfig } from '../../shared/server-config'

/** What one `/stream` request asked for through its query string. */
export interface StreamQuery {
  /** Schedule overrides: when non-empty the client gets a schedule of its own. */
  overrides: Partial<ServerConfig>
  /** The retry value for this client's connect, when it asked for its own; null sends none. */
  retryMs?: number | null
  limit: number | null
  lastEventId: string | null
  /** Parameters this server does not know, reported to the client in a comment. */
  ignored: string[]
}

export type QueryResult = { ok: true; query: StreamQuery } | { ok: false; error: string }

class BadParam extends Error {}

const shape = serverConfigSchema.shape
const TRUE = new Set(['', '1', 'true', 'yes', 'on'])
const FALSE = new Set(['0', 'false', 'no', 'off'])

function check<T>(schema: z.ZodType<T>, name: string, raw: string, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const why = parsed.error.issues.map((i) => i.message).join('; ')
  throw new BadParam(`${name}=${JSON.stringify(raw)}: ${why}`)
}

function wholeNumber(name: string, raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new BadParam(`${name}=${JSON.stringify(raw)}: expected a whole number`)
  return Number(raw)
}

/**
 * Reads the scenario a client asks for. Unknown parameters are tolerated, because EventSource
 * polyfills and cache busters add their own, but they are reported so a typo is not silent.
 */
export function parseStreamQuery(params: URLSearchParams): QueryResult {
  const query: StreamQuery = { overrides: {}, limit: null, lastEventId: null, ignored: [] }
  const o = query.overrides
  try {
    for (const name of new Set(params.keys())) {
      const raw = params.get(name) ?? ''
      switch (name) {
        case 'interval':
          o.intervalMs = check(shape.intervalMs, name, raw, wholeNumber(name, raw))
          break
        case 'event':
          o.eventTypes = check(
            shape.eventTypes,
            name,
            raw,
            raw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          )
          break
        case 'payload':
          o.payload = check(shape.payload, name, raw, raw)
          break
        case 'bytes':
          o.payloadBytes = check(shape.payloadBytes, name, raw, wholeNumber(name, raw))
          if (o.payloadBytes > QUERY_CAPS.payloadBytes) {
            throw new BadParam(`bytes=${JSON.stringify(raw)}: a query may ask for at most ${QUERY_CAPS.payloadBytes} bytes per event`)
          }
          break
        case 'ids': {
          const v = raw.toLowerCase()
          if (!TRUE.has(v) && !FALSE.has(v)) throw new BadParam(`ids=${JSON.stringify(raw)}: expected 1 or 0`)
          o.ids = TRUE.has(v)
          break
        }
        case 'retry':
          query.retryMs = raw === 'none' ? null : check(shape.retryMs, name, raw, wholeNumber(name, raw))
          break
        case 'heartbeat': {
          const n = raw.trim() === '' ? Number.NaN : Number(raw)
          o.heartbeatSec = check(shape.heartbeatSec, name, raw, n)
          break
        }
        case 'tps': {
          const n = raw.trim() === '' ? Number.NaN : Number(raw)
          o.tokensPerSecond = check(shape.tokensPerSecond.unwrap(), name, raw, n)
          break
        }
        case 'limit': {
          const n = wholeNumber(name, raw)
          if (n < 1) throw new BadParam(`limit=${JSON.stringify(raw)}: expected 1 or more`)
          query.limit = n
          break
        }
        case 'lastEventId':
          query.lastEventId = raw
          break
        default:
          query.ignored.push(name)
      }
    }
  } catch (err) {
    if (!(err instanceof BadParam)) throw err
    const name = err.message.slice(0, err.message.indexOf('='))
    const help = STREAM_QUERY_PARAMS[name as keyof typeof STREAM_QUERY_PARAMS]
    return { ok: false, error: `Bad query parameter ${err.message}. ${name} is ${help}.` }
  }
  return { ok: true, query }
}

/** How a client's own query scenario combines with the global config, now and after each change. */
export function mergeOverrides(global: ServerConfig, overrides: Partial<ServerConfig>): ServerConfig {
  return { ...global, ...overrides }
}

/**
 * The payload rate a query scenario asks for, in bytes/s, with what the query did not pin taken
 * from `config`; 0 when it pins neither `interval` nor `bytes` (the app's settings set that rate).
 */
export function queryBytesPerSecond(config: ServerConfig, overrides: Partial<ServerConfig>): number {
  if (overrides.intervalMs === undefined && overrides.payloadBytes === undefined) return 0
  const merged = mergeOverrides(config, overrides)
  return (merged.payloadBytes * 1000) / merged.intervalMs
}

const mib = (bytesPerSecond: number): string => `${(bytesPerSecond / (1024 * 1024)).toFixed(2)} MiB/s`

/**
 * Whether one more query scenario asking for `rate` bytes/s fits QUERY_CAPS next to the open
 * ones (`othersRate` bytes/s together); null when it fits, else the message for a 400 that says
 * the cap and what to do.
 */
export function exceedsQueryCaps(rate: number, othersRate: number): string | null {
  if (rate > QUERY_CAPS.bytesPerSecond) {
    return (
      `This query asks for ${mib(rate)} of payload (bytes × 1000 / interval); a query-string scenario may ask for at most ` +
      `${mib(QUERY_CAPS.bytesPerSecond)} per connection. Ask for fewer bytes or a longer interval, or set larger values in the app's demo server settings.`
    )
  }
  if (rate + othersRate > QUERY_CAPS.totalBytesPerSecond) {
    return (
      `Open query-string scenarios already take ${mib(othersRate)}; this one (${mib(rate)}) would pass the cap of ` +
      `${mib(QUERY_CAPS.totalBytesPerSecond)} across all connections. Close other streams or ask for less.`
    )
  }
  return null
}
