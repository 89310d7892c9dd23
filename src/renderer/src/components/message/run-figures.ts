import type { LlmRun } from '../../store/llm-runs'

/** One row of the Runs table: how to show a figure, and which way is better (none: not a contest). */
export interface RunFigure {
  label: string
  help: string
  value: (run: LlmRun) => number | string | null
  better?: 'lower' | 'higher'
}

/**
 * The ids of the runs holding a figure's best value, ties all marked; empty when the figure has
 * no better direction, fewer than two runs have a number for it, or they all show the same.
 * Values are compared as `shown` displays them, so two runs that read "1.2 s" are a tie.
 */
export function bestRuns(runs: readonly LlmRun[], figure: RunFigure, shown: (value: number) => string = String): Set<string> {
  if (!figure.better) return new Set()
  const numbers = runs
    .map((run) => ({ id: run.id, value: figure.value(run) }))
    .filter((entry): entry is { id: string; value: number } => typeof entry.value === 'number')
  if (numbers.length < 2) return new Set()
  const texts = new Set(numbers.map((e) => shown(e.value)))
  if (texts.size < 2) return new Set()
  const best = figure.better === 'lower' ? Math.min(...numbers.map((e) => e.value)) : Math.max(...numbers.map((e) => e.value))
  const bestText = shown(best)
  return new Set(numbers.filter((e) => shown(e.value) === bestText).map((e) => e.id))
}

/** The table's rows, in the Timing tab's order, then what the answer was. */
export const RUN_FIGURES: readonly RunFigure[] = [
  {
    label: 'Status',
    help: 'completed: the end marker arrived; failed: an error ended it; closed: it ended without either',
    value: (r) => r.status
  },
  { label: 'Dialect', help: 'The stream dialect detected', value: (r) => r.dialect },
  { label: 'Finish', help: 'The finish/stop reason of the first choice', value: (r) => r.finishReason },
  { label: 'Headers', help: 'Request sent to response headers', value: (r) => r.ttfbMs, better: 'lower' },
  { label: 'First event', help: 'Request sent to the first event', value: (r) => r.firstEventMs, better: 'lower' },
  { label: 'TTFT', help: 'Time to first token', value: (r) => r.ttftMs, better: 'lower' },
  { label: 'Duration', help: 'Request sent to the last frame of the answer', value: (r) => r.durationMs, better: 'lower' },
  { label: 'Chunks', help: 'Events that carried text or reasoning', value: (r) => r.chunks },
  { label: 'Chars/s', help: 'Characters of text and reasoning per second', value: (r) => r.charsPerSecond, better: 'higher' },
  { label: 'Gap p50', help: 'Median gap between content chunks', value: (r) => r.gapP50Ms, better: 'lower' },
  { label: 'Gap p95', help: '95th percentile gap between content chunks', value: (r) => r.gapP95Ms, better: 'lower' },
  { label: 'Gap max', help: 'Longest gap between content chunks', value: (r) => r.gapMaxMs, better: 'lower' },
  { label: 'Stalls', help: 'Gaps over the stall threshold in force when the run ended', value: (r) => r.stalls, better: 'lower' },
  { label: 'Input tokens', help: 'As the provider reported them', value: (r) => r.inputTokens },
  { label: 'Output tokens', help: 'As the provider reported them', value: (r) => r.outputTokens },
  { label: 'Total tokens', help: 'As reported, or input + output', value: (r) => r.totalTokens },
  { label: 'Answer chars', help: 'Length of the answer text (the text itself is not kept)', value: (r) => r.answerChars }
]

/** Figures that are durations in ms, shown with formatDuration. */
export const DURATION_FIGURES = new Set(['Headers', 'First event', 'TTFT', 'Duration', 'Gap p50', 'Gap p95', 'Gap max'])
