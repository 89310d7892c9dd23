import { MAX_LINE_BYTES } from '../../shared/contract'
import { DEFAULT_MAX_EVENT_BYTES, type ParserOptions } from './parser'

/**
 * Parser options for a user-chosen line limit in bytes (undefined: the default). The event limit
 * grows with it, since one data line that fits must also fit as an event; `hint` says where the
 * user raises the limit, for the diagnostic that reports a line over it.
 */
export function lineLimitOptions(maxLineBytes: number | undefined, hint: string): ParserOptions {
  const limit = maxLineBytes ?? MAX_LINE_BYTES.default
  return {
    maxLineBytes: limit,
    maxEventBytes: Math.max(DEFAULT_MAX_EVENT_BYTES, limit),
    raiseLineLimitHint: hint
  }
}
