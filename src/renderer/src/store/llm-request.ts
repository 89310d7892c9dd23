import { defaultReconnectPolicy, type ReconnectPolicy } from '../../../shared/choices'
import type { RequestDraft } from '../components/RequestEditor'

/**
 * The reconnect policy a method gets until the user picks one, the core's own default: `spec`
 * (EventSource) for GET, `off` for anything else, because reconnecting repeats the request, and
 * for a POST to an LLM API that re-runs and re-bills the whole answer.
 */
export const defaultPolicyFor = defaultReconnectPolicy

/** The draft with a new method; its reconnect policy follows the method unless the user chose one. */
export function withMethod(draft: RequestDraft, method: string, policyChosen: boolean): RequestDraft {
  return { ...draft, method, reconnect: policyChosen ? draft.reconnect : defaultPolicyFor(method) }
}

let repeatWarned = false

/**
 * True the first time in this page that the user picks a reconnecting policy for a request
 * other than GET: the warning that each reconnect repeats the request is said once, not nagged.
 */
export function takeRepeatWarning(method: string, policy: ReconnectPolicy): boolean {
  if (repeatWarned || policy === 'off' || method.toUpperCase() === 'GET') return false
  repeatWarned = true
  return true
}

/** For tests. */
export function resetRepeatWarning(): void {
  repeatWarned = false
}
