import { LLM_DIALECTS, type LlmDialect } from './types'

/** A dialect name as a user typed it (CLI `--dialect`, a preset), or an Error saying which names exist. */
export function parseDialect(name: string): LlmDialect {
  const lower = name.trim().toLowerCase()
  if ((LLM_DIALECTS as readonly string[]).includes(lower)) return lower as LlmDialect
  throw new Error(`Unknown dialect "${name}". Use one of: ${LLM_DIALECTS.join(', ')}.`)
}
