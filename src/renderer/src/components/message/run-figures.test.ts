import { describe, expect, it } from 'vitest'
import type { LlmRun } from '../../store/llm-runs'
import { RUN_FIGURES, bestRuns } from './run-figures'

const figure = (label: string): (typeof RUN_FIGURES)[number] => RUN_FIGURES.find((f) => f.label === label)!
const runs = [
  { id: 'a', ttftMs: 300, charsPerSecond: 40, chunks: 3, stalls: 0 },
  { id: 'b', ttftMs: 120, charsPerSecond: 90, chunks: 9, stalls: 0 },
  { id: 'c', ttftMs: null, charsPerSecond: null, chunks: 1, stalls: 2 }
] as unknown as LlmRun[]

describe('bestRuns', () => {
  it('marks the lowest time, the highest pace, and every tie', () => {
    expect([...bestRuns(runs, figure('TTFT'))]).toEqual(['b'])
    expect([...bestRuns(runs, figure('Chars/s'))]).toEqual(['b'])
    expect([...bestRuns(runs, figure('Stalls'))]).toEqual(['a', 'b'])
    expect(bestRuns(runs.slice(0, 2), figure('Stalls')).size).toBe(0)
  })

  it('marks nothing for a figure that is no contest, or with one number', () => {
    expect(bestRuns(runs, figure('Chunks')).size).toBe(0)
    expect(bestRuns(runs.slice(0, 1), figure('TTFT')).size).toBe(0)
  })
})

describe('bestRuns as shown', () => {
  it('treats values that read the same as a tie, and a tie of all as no contest', () => {
    const close = [
      { id: 'a', gapP95Ms: 1199 },
      { id: 'b', gapP95Ms: 1203 },
      { id: 'c', gapP95Ms: 2500 }
    ] as unknown as LlmRun[]
    const seconds = (v: number): string => `${(v / 1000).toFixed(1)} s`
    expect([...bestRuns(close, figure('Gap p95'), seconds)]).toEqual(['a', 'b'])
    expect(bestRuns(close.slice(0, 2), figure('Gap p95'), seconds).size).toBe(0)
  })
})
