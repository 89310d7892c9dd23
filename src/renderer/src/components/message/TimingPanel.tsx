import { useMemo } from 'react'
import type { LlmTiming, TimedFrame } from '../../../../shared/llm'
import { formatDuration } from '../../format'
import { setStallMs } from '../../store/llm-streams'
import { chunkGaps, maxPerBucket } from './gap-plot'
import { RunsTable } from './RunsTable'

const PLOT_BARS = 120
const PLOT_W = 240
const PLOT_H = 44

interface Props {
  timing: LlmTiming
  frames: readonly TimedFrame[]
  contentFrames: readonly number[]
  stallMs: number
  /** Selects a frame by its index in `frames`. */
  onPick: (index: number) => void
  /** Where this answer's runs are kept (llm-runs), and the id of its own run once it ended. */
  endpointKey: string | null
  currentRunId: string | null
}

const ms = (value: number | null): string => (value === null ? '—' : formatDuration(value))

/** Token timing of the answer: the figures, the inter-chunk gaps as bars, and the stalls. */
export function TimingPanel({ timing, frames, contentFrames, stallMs, onPick, endpointKey, currentRunId }: Props): React.JSX.Element {
  const gaps = useMemo(() => chunkGaps(frames, contentFrames), [frames, contentFrames])
  const figures: Array<[string, string, string]> = [
    ['Headers', ms(timing.ttfbMs), 'Request sent to response headers (time to first byte)'],
    ['First event', ms(timing.firstEventMs), 'Request sent to the first event'],
    ['TTFT', ms(timing.ttftMs), 'Time to first token: request sent to the first event that carried text or reasoning'],
    ['Duration', ms(timing.durationMs), 'Request sent to the last frame of the answer'],
    ['Chunks', timing.chunks.toLocaleString('en-US'), 'Events that carried text or reasoning'],
    [
      'Chars/s',
      timing.charsPerSecond === null ? '—' : timing.charsPerSecond.toLocaleString('en-US', { maximumFractionDigits: 0 }),
      'Characters of text and reasoning per second, first to last content chunk'
    ],
    ['Gap p50', ms(timing.gapP50Ms), 'Median gap between content chunks'],
    ['Gap p95', ms(timing.gapP95Ms), '95th percentile gap between content chunks (nearest rank)'],
    ['Gap max', ms(timing.gapMaxMs), 'Longest gap between content chunks']
  ]
  return (
    <section className="timing" aria-label="Token timing" data-testid="llm-timing">
      <dl className="timing-figures">
        {figures.map(([label, value, help]) => (
          <div key={label} title={help} data-testid={`timing-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="gap-caption">
        Gap before each content chunk, in arrival order{gaps.length > PLOT_BARS ? ' (each bar the longest of its run)' : ''}; dashed: the
        stall threshold
      </p>
      <div className="timing-plot-row">
        <GapBars gaps={gaps} stallMs={stallMs} />
        <label className="stall-threshold" title="Gaps between content chunks longer than this are stalls, marked on the timeline">
          Stall over
          <input
            type="number"
            min={50}
            step={50}
            value={stallMs}
            aria-label="Stall threshold (ms)"
            onChange={(e) => {
              const value = Number(e.target.value)
              if (Number.isFinite(value) && value >= 1) setStallMs(Math.round(value))
            }}
          />
          ms
        </label>
      </div>
      {timing.stalls.length === 0 ? (
        <p className="hint timing-stalls" data-testid="timing-stalls">
          {timing.chunks < 2 ? 'Stalls show once two content chunks have arrived.' : `No stall over ${formatDuration(stallMs)}.`}
        </p>
      ) : (
        <ul className="timing-stalls" data-testid="timing-stalls" aria-label="Stalls">
          {timing.stalls.slice(0, 50).map((stall) => (
            <li key={stall.frame}>
              <button type="button" className="link" onClick={() => onPick(stall.frame)}>
                {formatDuration(stall.gapMs)} stall
              </button>{' '}
              <span className="meta">after {ms(frames[0] ? stall.start - frames[0].time : null)}</span>
            </li>
          ))}
          {timing.stalls.length > 50 && <li className="meta">and {timing.stalls.length - 50} more</li>}
        </ul>
      )}
      <RunsTable endpointKey={endpointKey} currentRunId={currentRunId} />
    </section>
  )
}

/** The gaps as bars in arrival order (each bar the longest of its run), the threshold as a dashed line. */
function GapBars({ gaps, stallMs }: { gaps: readonly number[]; stallMs: number }): React.JSX.Element {
  const bars = useMemo(() => maxPerBucket(gaps, PLOT_BARS), [gaps])
  if (bars.length === 0) {
    return (
      <div className="gap-plot empty-plot" aria-label="Gaps between chunks">
        No gaps yet
      </div>
    )
  }
  const top = Math.max(stallMs * 1.25, ...bars)
  const w = PLOT_W / bars.length
  const y = (v: number): number => PLOT_H - (v / top) * (PLOT_H - 2)
  return (
    <svg
      className="gap-plot"
      viewBox={`0 0 ${PLOT_W} ${PLOT_H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`Gaps between ${gaps.length + 1} content chunks, longest ${formatDuration(Math.max(...bars))}`}
      data-testid="gap-plot"
    >
      {bars.map((gap, i) => (
        <rect
          key={i}
          x={i * w + w * 0.1}
          width={Math.max(0.5, w * 0.8)}
          y={y(gap)}
          height={Math.max(0.5, PLOT_H - y(gap))}
          className={gap > stallMs ? 'bar stall' : 'bar'}
        />
      ))}
      <line x1={0} x2={PLOT_W} y1={y(stallMs)} y2={y(stallMs)} className="threshold" />
    </svg>
  )
}
