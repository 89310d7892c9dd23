import { create } from 'zustand'
import type { LlmDialect, LlmSnapshot, LlmTiming } from '../../../shared/llm'

/** Runs kept per endpoint, newest first (issue #12: "keep the last runs of each saved endpoint"). */
export const MAX_RUNS_PER_ENDPOINT = 10
/** The localStorage key; the version suffix changes if the stored shape ever does. */
export const RUNS_STORAGE_KEY = 'sse-inspector.llm-runs.v1'

/**
 * How one LLM answer went, as numbers only: no headers, no body, no answer text beyond its
 * length, so keeping it in localStorage keeps no secret. Times in ms, from the request sent.
 */
export interface LlmRun extends Pick<
  LlmTiming,
  'ttfbMs' | 'firstEventMs' | 'ttftMs' | 'durationMs' | 'chunks' | 'charsPerSecond' | 'gapP50Ms' | 'gapP95Ms' | 'gapMaxMs'
> {
  /** Unique per answer: the connection id and the time its request was sent. */
  id: string
  /** When the request was sent (epoch ms). */
  time: number
  /** completed: the answer's end marker arrived; failed: an error ended it; closed: it ended without either. */
  status: 'completed' | 'failed' | 'closed'
  dialect: LlmDialect | null
  finishReason: string | null
  /** How many gaps were over the stall threshold set when the run ended. */
  stalls: number
  /** Tokens as the provider reported them (OpenAI, Anthropic, Gemini names read), else null. */
  inputTokens: number | null
  outputTokens: number | null
  totalTokens: number | null
  /** Characters (UTF-16 units) of answer text over all choices, reasoning not included. */
  answerChars: number
}

/** What `localStorage` offers that the run book uses; tests pass a fake. */
export interface RunStorage {
  getItem: (key: string) => string | null
  setItem: (key: string, value: string) => void
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)

/**
 * Input, output and total tokens from a usage object as sent: OpenAI Chat (`prompt_tokens`,
 * `completion_tokens`, `total_tokens`), OpenAI Responses and Anthropic (`input_tokens`,
 * `output_tokens`), Gemini `usageMetadata` (`promptTokenCount`, `candidatesTokenCount`,
 * `totalTokenCount`). A missing total is the sum of the two when both are there.
 */
export function usageTokens(usage: Record<string, unknown> | null): Pick<LlmRun, 'inputTokens' | 'outputTokens' | 'totalTokens'> {
  if (!usage) return { inputTokens: null, outputTokens: null, totalTokens: null }
  const inputTokens = num(usage.prompt_tokens) ?? num(usage.input_tokens) ?? num(usage.promptTokenCount)
  const outputTokens = num(usage.completion_tokens) ?? num(usage.output_tokens) ?? num(usage.candidatesTokenCount)
  const total = num(usage.total_tokens) ?? num(usage.totalTokenCount)
  return {
    inputTokens,
    outputTokens,
    totalTokens: total ?? (inputTokens !== null && outputTokens !== null ? inputTokens + outputTokens : null)
  }
}

/** A run's summary from the answer's snapshot and timing; `failed` when an error ended it. */
export function summarizeRun(
  id: string,
  time: number,
  snapshot: LlmSnapshot,
  timing: LlmTiming,
  ending: { completed: boolean; failed: boolean }
): LlmRun {
  const completed = ending.completed || snapshot.completed
  return {
    id,
    time,
    status: completed ? 'completed' : ending.failed || snapshot.errors.length > 0 ? 'failed' : 'closed',
    dialect: snapshot.dialect,
    finishReason: snapshot.choices[0]?.finishReason ?? null,
    ttfbMs: timing.ttfbMs,
    firstEventMs: timing.firstEventMs,
    ttftMs: timing.ttftMs,
    durationMs: timing.durationMs,
    chunks: timing.chunks,
    charsPerSecond: timing.charsPerSecond,
    gapP50Ms: timing.gapP50Ms,
    gapP95Ms: timing.gapP95Ms,
    gapMaxMs: timing.gapMaxMs,
    stalls: timing.stalls.length,
    ...usageTokens(snapshot.usage),
    answerChars: snapshot.choices.reduce((sum, choice) => sum + choice.text.length, 0)
  }
}

/**
 * The request part of an endpoint key without secrets: query values whose names look like a
 * credential (Gemini's `key=`, `api_key`, `token`...) are replaced by `•`, since the key is stored.
 */
export function requestKey(method: string, url: string): string {
  let shown = url
  try {
    const parsed = new URL(url)
    for (const name of [...parsed.searchParams.keys()]) {
      if (/key|token|secret|auth|password|sig/i.test(name)) parsed.searchParams.set(name, '•')
    }
    shown = parsed.toString()
  } catch {
    // Not a URL the browser parses: no query to mask; the inspector refuses to connect to it anyway.
  }
  return `${method.toUpperCase()} ${shown}`
}

/** The key runs are kept under: the saved endpoint's name when the request came from one, else method + URL. */
export function endpointKey(savedName: string | null, method: string, url: string): string {
  return savedName ? `endpoint:${savedName}` : `request:${requestKey(method, url)}`
}

/** What a key shows: the endpoint's name, or its method and URL. */
export function endpointLabel(key: string): string {
  return key.replace(/^(endpoint|request):/, '')
}

export type RunBook = Record<string, LlmRun[]>

/**
 * Adds a run to its endpoint's list, newest first by request time (replacing one of the same id:
 * frames seen again after a reload record the same answer again) and keeps the last MAX.
 */
export function addRun(book: RunBook, key: string, run: LlmRun): RunBook {
  const runs = [run, ...(book[key] ?? []).filter((r) => r.id !== run.id)].sort((a, b) => b.time - a.time)
  return { ...book, [key]: runs.slice(0, MAX_RUNS_PER_ENDPOINT) }
}

const isRun = (value: unknown): value is LlmRun =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as LlmRun).id === 'string' &&
  typeof (value as LlmRun).time === 'number' &&
  typeof (value as LlmRun).status === 'string'

/** The stored run book, or an empty one when there is none or it is not ours (corrupt entries are dropped, never thrown). */
export function loadRuns(storage: RunStorage | null): RunBook {
  if (!storage) return {}
  try {
    const parsed: unknown = JSON.parse(storage.getItem(RUNS_STORAGE_KEY) ?? '{}')
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {}
    const book: RunBook = {}
    for (const [key, runs] of Object.entries(parsed as Record<string, unknown>)) {
      if (Array.isArray(runs)) book[key] = runs.filter(isRun).slice(0, MAX_RUNS_PER_ENDPOINT)
    }
    return book
  } catch {
    return {}
  }
}

/** Writes the run book; a full or refused storage loses the persistence, not the runs on screen. */
export function saveRuns(storage: RunStorage | null, book: RunBook): boolean {
  if (!storage) return false
  try {
    storage.setItem(RUNS_STORAGE_KEY, JSON.stringify(book))
    return true
  } catch {
    return false
  }
}

function browserStorage(): RunStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    // A sandboxed page may throw on the mere access.
    return null
  }
}

let storage: RunStorage | null = browserStorage()

export interface LlmRunsState {
  runs: RunBook
}

export const useLlmRuns = create<LlmRunsState>()(() => ({ runs: loadRuns(storage) }))

/** Records a finished answer under its endpoint, and persists the book. */
export function recordRun(key: string, run: LlmRun): void {
  const runs = addRun(useLlmRuns.getState().runs, key, run)
  useLlmRuns.setState({ runs })
  saveRuns(storage, runs)
}

/** Saved endpoint names by `requestKey`, so a run can be filed under the name the user gave it. */
const savedNames = new Map<string, string>()

/** Tells the run book which saved endpoint a request about to be sent came from (null: none). */
export function noteEndpoint(method: string, url: string, savedName: string | null): void {
  const key = requestKey(method, url)
  if (savedName) savedNames.set(key, savedName)
  else savedNames.delete(key)
}

/** The key a request's runs are kept under. */
export function keyForRequest(method: string, url: string): string {
  return endpointKey(savedNames.get(requestKey(method, url)) ?? null, method, url)
}

/** For tests: uses `next` as the storage and reloads the book from it. */
export function setRunStorage(next: RunStorage | null): void {
  storage = next
  savedNames.clear()
  useLlmRuns.setState({ runs: loadRuns(storage) })
}
