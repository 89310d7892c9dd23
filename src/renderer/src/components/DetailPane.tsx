import { useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { MAX_UI_RAW_CHARS, type DiagnosticFrame, type EventFrame, type Frame, type OpenFrame } from '../../../shared/frames'
import { frameLog, useAppStore } from '../store/app-store'
import { dataBytes, formatBytes, formatClock, utf8Length } from '../format'
import { MAX_PRETTY_DEPTH, MAX_TEXT_VIEW_CHARS, viewOfData } from '../json-data'
import { fullData } from '../store/full-data'
import { JsonTree } from './JsonTree'
import { TypeName } from './TypeName'
import { TabStrip } from './TabStrip'

type Tab = 'data' | 'raw' | 'response' | 'diagnostics'

/** Everything about the selected frame: data, the wire text, the response it came on, what was repaired. */
export function DetailPane(): React.JSX.Element {
  // Selecting the frame itself (immutable once logged) re-renders only when the selection
  // changes or the frame falls out of the buffer, not on every batch.
  const { selectedSeq, frame } = useAppStore(
    useShallow((s) => ({ selectedSeq: s.selectedSeq, frame: s.selectedSeq === null ? undefined : frameLog.bySeq(s.selectedSeq) }))
  )
  if (selectedSeq === null || !frame) {
    return (
      <aside className="detail" aria-label="Details">
        <div className="empty">
          <p>{selectedSeq === null ? 'Nothing selected.' : 'That frame is no longer in the buffer.'}</p>
          <p className="hint">
            Click a row or a tick on the timeline, or use ↑ and ↓, to see its data, the raw text from the wire and any diagnostics.
          </p>
        </div>
      </aside>
    )
  }
  return <FrameDetail key={selectedSeq} seq={selectedSeq} frame={frame} />
}

function FrameDetail({ seq, frame }: { seq: number; frame: Frame }): React.JSX.Element {
  const [tab, setTab] = useState<Tab>('data')
  const context = useMemo(() => contextOf(seq, frame), [seq, frame])
  const tabs: Array<[Tab, string]> = [
    ['data', frame.kind === 'event' ? 'Data' : 'Frame'],
    ...(frame.kind === 'event' ? ([['raw', 'Raw']] as Array<[Tab, string]>) : []),
    ['response', 'Response'],
    ['diagnostics', `Diagnostics${context.diagnostics.length ? ` (${context.diagnostics.length})` : ''}`]
  ]
  return (
    <aside className="detail" aria-label="Details" data-testid="detail-pane">
      <header className="detail-head">
        <div className="detail-title">
          <span className={`badge ${frame.kind === 'event' ? 'event' : frame.kind}`}>
            {frame.kind === 'event' ? <TypeName type={frame.type} /> : frame.kind}
          </span>
          <span className="meta">{formatClock(frame.time)}</span>
        </div>
        <dl className="detail-facts">
          {frame.kind === 'event' && (
            <>
              <dt>id</dt>
              <dd>{frame.id ?? <span className="meta">none</span>}</dd>
              <dt>lastEventId</dt>
              <dd>{frame.lastEventId || <span className="meta">empty</span>}</dd>
              <dt>size</dt>
              <dd>{formatBytes(dataBytes(frame))}</dd>
            </>
          )}
          <dt>connection</dt>
          <dd>{frame.connectionId}</dd>
        </dl>
      </header>
      <TabStrip tabs={tabs} selected={tab} onSelect={setTab} />
      <div className="tab-body" role="tabpanel">
        {tab === 'data' && <DataTab frame={frame} />}
        {tab === 'raw' && frame.kind === 'event' && <RawTab frame={frame} />}
        {tab === 'response' && <ResponseTab open={context.open} />}
        {tab === 'diagnostics' && <DiagnosticsTab diagnostics={context.diagnostics} />}
      </div>
    </aside>
  )
}

function DataTab({ frame }: { frame: Frame }): React.JSX.Element {
  const text = frame.kind === 'event' ? frame.data : JSON.stringify(frame, null, 2)
  const truncated = frame.kind === 'event' ? frame.dataTruncated : undefined
  const view = useMemo(
    () =>
      frame.kind !== 'event'
        ? { kind: 'json' as const, value: frame, depth: 0 }
        : frame.dataTruncated
          ? { kind: 'text' as const, reason: /^\s*[[{]/.test(frame.data) ? 'Shown as text: too large for the JSON view.' : null }
          : viewOfData(frame.data),
    [frame]
  )
  const tooDeep = view.kind === 'json' && view.depth > MAX_PRETTY_DEPTH
  const shown = useMemo(() => capped(text, 'Copy data', truncated?.bytes), [text, truncated])
  return (
    <>
      <div className="tab-actions">
        <CopyButton
          text={frame.kind === 'event' ? () => fullData(frame) : text}
          label={frame.kind === 'event' ? 'Copy data' : 'Copy frame'}
        />
        {frame.kind === 'event' && view.kind === 'json' && (
          <CopyButton
            text={() => JSON.stringify(view.value, null, 2)}
            label="Copy pretty"
            disabled={
              tooDeep
                ? `Nested too deeply to format (over ${MAX_PRETTY_DEPTH.toLocaleString('en-US')} levels); Copy data copies it as it came.`
                : undefined
            }
          />
        )}
      </div>
      {view.kind === 'json' ? (
        <>
          {tooDeep && (
            <p className="hint note" data-testid="data-note">
              Nested {view.depth.toLocaleString('en-US')} levels deep: the tree opens one level at a time, and Copy pretty is off at this
              depth.
            </p>
          )}
          <JsonTree value={view.value} />
        </>
      ) : (
        <>
          {(view.reason || shown.note) && (
            <p className="hint note" data-testid="data-note">
              {[view.reason, shown.note].filter(Boolean).join(' ')}
            </p>
          )}
          <pre className="text-view" data-testid="data-text">
            {text === '' ? <span className="meta">(empty data)</span> : shown.text}
          </pre>
        </>
      )}
    </>
  )
}

/**
 * At most MAX_TEXT_VIEW_CHARS of a text, and a note saying how much that is of the whole
 * (`totalBytes` when the text is itself only the start of it).
 */
function capped(text: string, copyLabel: string, totalBytes?: number): { text: string; note: string | null } {
  if (text.length <= MAX_TEXT_VIEW_CHARS && totalBytes === undefined) return { text, note: null }
  const head = text.slice(0, MAX_TEXT_VIEW_CHARS)
  return {
    text: head,
    note: `Showing the first ${formatBytes(utf8Length(head))} of ${formatBytes(totalBytes ?? utf8Length(text))}; ${copyLabel} copies all of it.`
  }
}

function RawTab({ frame }: { frame: EventFrame }): React.JSX.Element {
  const raw = frame.raw
  const shown = useMemo(() => (raw === undefined ? null : capped(raw, 'Copy raw')), [raw])
  if (raw === undefined || !shown) {
    return (
      <p className="hint note" data-testid="raw-note">
        {frame.rawOmitted
          ? `Raw text is not kept for events over ${formatBytes(MAX_UI_RAW_CHARS)}, to spare memory, and this event's is larger. Its ${formatBytes(dataBytes(frame))} of data is in the Data tab.`
          : 'The raw text was not kept for this event.'}
      </p>
    )
  }
  return (
    <>
      <div className="tab-actions">
        <CopyButton text={raw} label="Copy raw" />
      </div>
      {shown.note && (
        <p className="hint note" data-testid="raw-note">
          {shown.note}
        </p>
      )}
      <pre className="text-view raw" data-testid="raw-text">
        {shown.text.split(/(\r\n|\r|\n)/).map((part, i) =>
          part === '\r\n' ? (
            <span key={i} className="eol">
              {'␍␊\n'}
            </span>
          ) : part === '\n' ? (
            <span key={i} className="eol">
              {'␊\n'}
            </span>
          ) : part === '\r' ? (
            <span key={i} className="eol">
              {'␍\n'}
            </span>
          ) : (
            part
          )
        )}
      </pre>
    </>
  )
}

function ResponseTab({ open }: { open: OpenFrame | undefined }): React.JSX.Element {
  if (!open) return <p className="hint">The response this frame came on is no longer in the buffer.</p>
  return (
    <>
      <p className="response-line">
        <span className="pill open">{open.status}</span> <code>{open.url}</code>
      </p>
      <dl className="headers">
        {Object.entries(open.headers).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  )
}

function DiagnosticsTab({ diagnostics }: { diagnostics: DiagnosticFrame[] }): React.JSX.Element {
  if (diagnostics.length === 0) return <p className="hint">Nothing was dropped or repaired while this frame was parsed.</p>
  return (
    <ul className="diagnostics">
      {diagnostics.map((d, i) => (
        <li key={i} className={d.level}>
          <span className="badge diagnostic">{d.code}</span> {d.message}
        </li>
      ))}
    </ul>
  )
}

/**
 * `text` may be a function, so costly text (pretty JSON, data fetched from the inspector) is
 * only made when copied; `disabled` says why not.
 */
function CopyButton({
  text,
  label,
  disabled
}: {
  text: string | (() => string | Promise<string>)
  label: string
  disabled?: string
}): React.JSX.Element {
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'failed'>('idle')
  const [problem, setProblem] = useState<string | undefined>(undefined)
  return (
    <button
      type="button"
      className="small"
      disabled={disabled !== undefined || state === 'busy'}
      title={disabled ?? problem}
      onClick={() => {
        setState('busy')
        Promise.resolve()
          .then(() => (typeof text === 'function' ? text() : text))
          .then((value) => navigator.clipboard.writeText(value))
          .then(
            () => {
              setProblem(undefined)
              setState('done')
            },
            (err: unknown) => {
              const message = err instanceof Error ? err.message : String(err)
              setProblem(message)
              setState('failed')
              useAppStore.setState({ notice: `${label} failed: ${message}` })
            }
          )
          .finally(() => setTimeout(() => setState('idle'), 1500))
      }}
    >
      {state === 'done' ? 'Copied' : state === 'failed' ? 'Copy failed' : state === 'busy' ? 'Copying…' : label}
    </button>
  )
}

/** Looks back from a frame for the response it came on and the diagnostics raised since the previous event. */
function contextOf(seq: number, frame: Frame): { open: OpenFrame | undefined; diagnostics: DiagnosticFrame[] } {
  const diagnostics: DiagnosticFrame[] = []
  let open: OpenFrame | undefined
  let collecting = frame.kind === 'event'
  const stopAt = Math.max(frameLog.firstSeq, seq - 50_000)
  for (let s = seq - 1; s >= stopAt; s--) {
    const f = frameLog.bySeq(s)
    if (!f || f.connectionId !== frame.connectionId) continue
    if (collecting && f.kind === 'diagnostic') diagnostics.unshift(f)
    if (f.kind === 'event' || f.kind === 'open') collecting = false
    if (f.kind === 'open') {
      open = f
      break
    }
  }
  if (frame.kind === 'diagnostic') diagnostics.push(frame)
  return { open, diagnostics }
}
