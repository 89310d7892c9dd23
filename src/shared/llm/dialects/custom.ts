import type { Draft } from '../draft'
import { compileJsonPath, evaluateJsonPath } from '../json-path'
import type { JsonObject } from '../json-value'
import type { CustomRule, LlmEventInput } from '../types'
import type { DialectReader } from './reader'

/**
 * A user's rule: every string the text expression selects is appended to choice 0's text,
 * every string the reasoning expression selects to its reasoning. Throws JsonPathError when an
 * expression is not in the supported subset, so a bad rule is reported before any event.
 */
export function customReader(rule: CustomRule): DialectReader {
  const text = compileJsonPath(rule.text)
  const reasoning = rule.reasoning ? compileJsonPath(rule.reasoning) : null
  return {
    read(event: LlmEventInput, json: JsonObject, draft: Draft): void {
      draft.choice(0)
      if (reasoning) for (const v of evaluateJsonPath(reasoning, json)) draft.addContent(0, 'reasoning', v, event.index)
      for (const v of evaluateJsonPath(text, json)) draft.addContent(0, 'text', v, event.index)
    }
  }
}
