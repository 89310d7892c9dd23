import type { Draft } from '../draft'
import type { JsonObject } from '../json-value'
import type { LlmEventInput } from '../types'

/**
 * Reads one dialect: each event's parsed JSON object goes in, the draft is updated. A reader
 * never throws on odd input; what does not fit is recorded with `draft.misfit` and skipped.
 * `[DONE]` and non-JSON data are handled by the assembler before a reader sees anything.
 */
export interface DialectReader {
  read: (event: LlmEventInput, json: JsonObject, draft: Draft) => void
}
