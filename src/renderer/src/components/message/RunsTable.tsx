import { useMemo } from 'react'
import { formatClock, formatDuration } from '../../format'
import { MAX_RUNS_PER_ENDPOINT, endpointLabel, useLlmRuns, type LlmRun } from '../../store/llm-runs'
import { DURATION_FIGURES, RUN_FIGURES, bestRuns, type RunFigure } from './run-figures'

const EMPTY: readonly LlmRun[] = []
const PLOT_W = 240
const PLOT_H = 40

function showNumber(figure: RunFigure, value: number): string {
  return DURATION_FIGURES.has(figure.label) ? formatDuration(value) : value.toLocaleString('en-US', { maximumFractionDigits: 0 })
}

function show(figure: RunFigure, run: LlmRun): string {
  const value = figure.value(run)
  return value === null ? '—' : typeof value === 'string' ? value : showNumber(figure, value)
}

/**
 * The last runs of the endpoint this answer was sent to, side by side: one column per run, newest
 * first, the current one highlighted and each figure's best value marked; then TTFT and duration
 * across the runs as a small plot.
 */
export function RunsTable({ endpointKey, currentRunId }: { endpointKey: string | null; currentRunId: string | null }): React.JSX.Element {
  const runs = useLlmRuns((s) => (endpointKey === null ? EMPTY : (s.runs[endpointKey] ?? EMPTY)))
  const best = useMemo(() => RUN_FIGURES.map((figure) => bestRuns(runs, figure, (v) => showNumber(figure, v))), [runs])
  return (
    <section className="runs" aria-label="Runs" data-testid="llm-runs">
      <h4>
        Runs{' '}
        {endpointKey && (
          <span className="meta runs-endpoint" title={endpointLabel(endpointKey)}>
            {endpointLabel(endpointKey)}
          </span>
        )}
        {runs.length > 1 && (
          <span className="meta runs-key">
            <span className="best-mark">★</span> best · <span className="current-key">this answer</span>
          </span>
        )}
      </h4>
      {runs.length === 0 ? (
        <p className="hint" data-testid="runs-empty">
          When this answer ends, its figures appear here, and the last {MAX_RUNS_PER_ENDPOINT} runs of this endpoint (a saved endpoint, or
          the same method and URL) line up side by side to compare. Only these numbers are kept, in this browser.
        </p>
      ) : (
        <>
          <div className="runs-scroll">
            <table className="runs-table" data-testid="runs-table">
              <thead>
                <tr>
                  <th scope="col" />
                  {runs.map((run, i) => (
                    <th
                      key={run.id}
                      scope="col"
                      className={run.id === currentRunId ? 'current' : undefined}
                      title={run.id === currentRunId ? 'This answer' : new Date(run.time).toISOString()}
                      data-testid="run-column"
                    >
                      {i === 0 ? 'Latest' : `−${i}`}
                      <span className="meta">{formatClock(run.time).slice(0, 8)}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {RUN_FIGURES.map((figure, row) => (
                  <tr key={figure.label}>
                    <th scope="row" title={figure.help}>
                      {figure.label}
                    </th>
                    {runs.map((run) => {
                      const isBest = best[row]?.has(run.id) === true
                      const classes = [
                        run.id === currentRunId ? 'current' : '',
                        isBest ? 'best' : '',
                        figure.label === 'Status' ? run.status : ''
                      ]
                      return (
                        <td
                          key={run.id}
                          className={classes.filter(Boolean).join(' ') || undefined}
                          title={isBest ? 'Best of these runs' : undefined}
                        >
                          {show(figure, run)}
                          {isBest && <span className="best-mark"> ★</span>}
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {runs.length >= 2 && <RunsPlot runs={runs} />}
        </>
      )}
    </section>
  )
}

/** TTFT and duration of each run, oldest on the left, as two lines on one scale. */
function RunsPlot({ runs }: { runs: readonly LlmRun[] }): React.JSX.Element {
  const ordered = runs.slice().reverse()
  const top = Math.max(1, ...ordered.flatMap((r) => [r.ttftMs ?? 0, r.durationMs ?? 0]))
  const x = (i: number): number => (ordered.length === 1 ? PLOT_W / 2 : 4 + (i * (PLOT_W - 8)) / (ordered.length - 1))
  const y = (v: number): number => PLOT_H - 3 - (v / top) * (PLOT_H - 6)
  const points = (pick: (r: LlmRun) => number | null): Array<[number, number]> =>
    ordered
      .map((r, i) => [i, pick(r)] as const)
      .filter((p): p is readonly [number, number] => p[1] !== null)
      .map(([i, v]) => [x(i), y(v)])
  const series = [
    ['duration', points((r) => r.durationMs)],
    ['ttft', points((r) => r.ttftMs)]
  ] as const
  return (
    <figure className="runs-plot">
      <svg
        viewBox={`0 0 ${PLOT_W} ${PLOT_H}`}
        width={PLOT_W}
        height={PLOT_H}
        role="img"
        aria-label={`TTFT and duration of the last ${ordered.length} runs, oldest first`}
        data-testid="runs-plot"
      >
        {series.map(([name, pts]) => (
          <g key={name} className={name}>
            <polyline points={pts.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')} />
            {pts.map(([px, py], i) => (
              <circle key={i} cx={px} cy={py} r={2} />
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="meta">
        <span className="key duration">━ duration</span> <span className="key ttft">━ TTFT</span> · oldest → newest, up to{' '}
        {formatDuration(top)}
      </figcaption>
    </figure>
  )
}
