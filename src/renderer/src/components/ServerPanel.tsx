import { useEffect, useState } from 'react'
import { PAYLOAD_KINDS, type PayloadKind } from '../../../shared/choices'
import type { ServerConfig, ServerStatus } from '../../../shared/server-config'
import { configureServer, injectFailure, startServer, stopServer } from '../store/core-actions'
import { useAppStore } from '../store/app-store'
import { formatBytes } from '../format'
import { Sparkline } from './Sparkline'

const INTERVAL_PRESETS = [1000, 100, 10, 1]

export function ServerPanel(): React.JSX.Element {
  const server = useAppStore((s) => s.server)
  const rates = useRateHistory()
  if (!server) {
    return (
      <aside className="side" aria-label="Demo server">
        <h2>Demo server</h2>
        <p className="hint">Waiting for the server status…</p>
      </aside>
    )
  }
  return (
    <aside className="side" aria-label="Demo server" data-testid="server-panel">
      <div className="side-head">
        <h2>Demo server</h2>
        <span className={`pill ${server.running ? 'open' : 'closed'}`} data-testid="server-state">
          {server.running ? 'Running' : 'Stopped'}
        </span>
      </div>
      <ServerLifecycle server={server} />
      <LiveControls config={server.config} disabled={!server.running} />
      <section className="card">
        <div className="card-head">
          <h3>Traffic</h3>
          <span className="meta">{server.clients.length === 1 ? '1 client' : `${server.clients.length} clients`}</span>
        </div>
        <div className="rate">
          <span className="rate-value" data-testid="server-rate">
            {server.eventsPerSecond.toFixed(server.eventsPerSecond < 10 ? 1 : 0)}
          </span>
          <span className="meta"> events/s · {formatBytes(Math.round(server.bytesPerSecond))}/s</span>
        </div>
        <Sparkline values={rates} label="Events per second, last minute" />
        <span hidden data-testid="server-clients">
          {server.clients.length}
        </span>
        {server.clients.length > 0 && (
          <ul className="clients">
            {server.clients.slice(0, 20).map((client) => (
              <li key={client.id} title={client.userAgent}>
                <span className="mono">
                  #{client.id} {client.remoteAddress}
                </span>
                <span className="meta">
                  {client.eventsSent.toLocaleString()} sent{client.lastEventId ? ` · resumed after ${client.lastEventId}` : ''}
                </span>
              </li>
            ))}
            {server.clients.length > 20 && <li className="meta">and {server.clients.length - 20} more</li>}
          </ul>
        )}
      </section>
      <FailureControls server={server} />
    </aside>
  )
}

function ServerLifecycle({ server }: { server: ServerStatus }): React.JSX.Element {
  const [port, setPort] = useState('')
  return (
    <section className="lifecycle">
      {server.running && server.url && (
        <p className="server-url">
          <code>{server.url}</code>
        </p>
      )}
      {server.error && (
        <p className="error-text" role="alert">
          {server.error}
        </p>
      )}
      {server.running ? (
        <button type="button" onClick={() => void stopServer()}>
          Stop server
        </button>
      ) : (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault()
            void startServer(port === '' ? undefined : Number(port))
          }}
        >
          <input
            aria-label="Port"
            type="number"
            min={0}
            max={65535}
            placeholder={String(server.port ?? 8844)}
            value={port}
            onChange={(e) => setPort(e.target.value)}
          />
          <button type="submit" className="primary">
            Start server
          </button>
          {server.error && (
            <button type="button" onClick={() => void startServer(0)} title="Let the system pick a free port">
              Any free port
            </button>
          )}
        </form>
      )}
    </section>
  )
}

/** Interval and event type up front; the rest of the profile one click away. */
function LiveControls({ config, disabled }: { config: ServerConfig; disabled: boolean }): React.JSX.Element {
  const [interval, setIntervalText] = useState(String(config.intervalMs))
  const [types, setTypes] = useState(config.eventTypes.join(', '))
  const [more, setMore] = useState(false)
  // Status pushes bring a new array each time; only a real change may overwrite what the user typed.
  const configuredTypes = config.eventTypes.join(', ')
  const [shownConfig, setShownConfig] = useState({ intervalMs: config.intervalMs, types: configuredTypes })
  if (shownConfig.intervalMs !== config.intervalMs || shownConfig.types !== configuredTypes) {
    // Adjusting state while rendering (react.dev "You might not need an effect"): no extra paint.
    setShownConfig({ intervalMs: config.intervalMs, types: configuredTypes })
    if (shownConfig.intervalMs !== config.intervalMs) setIntervalText(String(config.intervalMs))
    if (shownConfig.types !== configuredTypes) setTypes(configuredTypes)
  }

  const applyInterval = (text = interval): void => {
    const ms = Number(text)
    if (Number.isInteger(ms) && ms >= 1 && ms !== config.intervalMs) void configureServer({ intervalMs: ms })
  }
  const applyTypes = (): void => {
    const list = types
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
    if (list.join(', ') !== config.eventTypes.join(', ')) void configureServer({ eventTypes: list })
  }

  return (
    <form
      className="card controls"
      aria-label="Live controls"
      onSubmit={(e) => {
        e.preventDefault()
        applyInterval()
        applyTypes()
      }}
    >
      <fieldset disabled={disabled}>
        <label>
          <span>Interval (ms)</span>
          <input
            aria-label="Interval (ms)"
            type="number"
            min={1}
            value={interval}
            onChange={(e) => setIntervalText(e.target.value)}
            onBlur={() => applyInterval()}
          />
        </label>
        <div className="presets" role="group" aria-label="Interval presets">
          {INTERVAL_PRESETS.map((ms) => (
            <button
              key={ms}
              type="button"
              className={`small ${config.intervalMs === ms ? 'on' : ''}`}
              onClick={() => {
                setIntervalText(String(ms))
                applyInterval(String(ms))
              }}
            >
              {ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}
            </button>
          ))}
        </div>
        <label>
          <span>Event type</span>
          <input
            aria-label="Event type"
            type="text"
            placeholder="message · comma-separate to rotate"
            value={types}
            onChange={(e) => setTypes(e.target.value)}
            onBlur={applyTypes}
          />
        </label>
        <button type="submit" className="small">
          Apply
        </button>
        <button type="button" className="link more" aria-expanded={more} onClick={() => setMore(!more)}>
          {more ? 'Fewer options' : 'Payload, ids, retry, heartbeat…'}
        </button>
        {more && <MoreControls config={config} />}
      </fieldset>
    </form>
  )
}

function MoreControls({ config }: { config: ServerConfig }): React.JSX.Element {
  return (
    <div className="more-controls">
      <label>
        <span>Payload</span>
        <select
          aria-label="Payload"
          value={config.payload}
          onChange={(e) => void configureServer({ payload: e.target.value as PayloadKind })}
        >
          {PAYLOAD_KINDS.map((kind) => (
            <option key={kind}>{kind}</option>
          ))}
        </select>
      </label>
      {config.payload === 'text' && (
        <NumberField
          label="Payload bytes"
          value={config.payloadBytes}
          min={0}
          onCommit={(payloadBytes) => void configureServer({ payloadBytes })}
        />
      )}
      <label className="checkbox">
        <input type="checkbox" checked={config.ids} onChange={(e) => void configureServer({ ids: e.target.checked })} />
        <span>Send ids and replay missed events on Last-Event-ID</span>
      </label>
      <NumberField
        label="retry (ms, empty for none)"
        value={config.retryMs}
        min={0}
        allowEmpty
        onCommit={(retryMs) => void configureServer({ retryMs })}
      />
      <NumberField
        label="Heartbeat comment every (s, 0 off)"
        value={config.heartbeatSec}
        min={0}
        onCommit={(heartbeatSec) => void configureServer({ heartbeatSec: heartbeatSec ?? 0 })}
      />
    </div>
  )
}

function NumberField<Empty extends boolean = false>(props: {
  label: string
  value: number | null
  min: number
  allowEmpty?: Empty
  onCommit: (value: Empty extends true ? number | null : number) => void
}): React.JSX.Element {
  const [text, setText] = useState(props.value === null ? '' : String(props.value))
  const [shownValue, setShownValue] = useState(props.value)
  if (shownValue !== props.value) {
    setShownValue(props.value)
    setText(props.value === null ? '' : String(props.value))
  }
  const commit = (): void => {
    if (text === '' && props.allowEmpty) {
      if (props.value !== null) (props.onCommit as (v: number | null) => void)(null)
      return
    }
    const n = Number(text)
    if (Number.isFinite(n) && n >= props.min && n !== props.value) props.onCommit(n)
  }
  return (
    <label>
      <span>{props.label}</span>
      <input
        aria-label={props.label}
        type="number"
        min={props.min}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </label>
  )
}

function FailureControls({ server }: { server: ServerStatus }): React.JSX.Element {
  const [closeAfter, setCloseAfter] = useState('5')
  const [status, setStatus] = useState('500')
  const [delay, setDelay] = useState('5000')
  const [kib, setKib] = useState('1024')
  const failures = server.failures
  const disabled = !server.running
  return (
    <section className="card failures" aria-label="Failure injection">
      <div className="card-head">
        <h3>Inject a failure</h3>
        {failures && (failures.stalled || failures.closeAfter !== null || failures.pending.length > 0) && (
          <button type="button" className="link" onClick={() => void injectFailure({ type: 'clear' })}>
            Clear all
          </button>
        )}
      </div>
      <fieldset disabled={disabled}>
        <div className="button-grid">
          <button type="button" className="small" onClick={() => void injectFailure({ type: 'drop' })} title="Reset every connection now">
            Drop connections
          </button>
          <button
            type="button"
            className={`small ${failures?.stalled ? 'on' : ''}`}
            onClick={() => void injectFailure({ type: failures?.stalled ? 'unstall' : 'stall' })}
            title="Stop writing but keep the sockets open"
          >
            {failures?.stalled ? 'Resume writing' : 'Stall'}
          </button>
          <button type="button" className="small" onClick={() => void injectFailure({ type: 'malformed' })}>
            Malformed line
          </button>
          <button type="button" className="small" onClick={() => void injectFailure({ type: 'invalid-utf8' })}>
            Invalid UTF-8
          </button>
          <button
            type="button"
            className="small"
            title="Answer the next connection with Content-Type: text/html"
            onClick={() => void injectFailure({ type: 'content-type', contentType: 'text/html', count: 1 })}
          >
            Wrong type next
          </button>
        </div>
        <div className="inline-form">
          <button
            type="button"
            className="small"
            onClick={() => void injectFailure({ type: 'close-after', events: Number(closeAfter) || 1 })}
          >
            Close each after
          </button>
          <input
            aria-label="Events before closing"
            type="number"
            min={1}
            value={closeAfter}
            onChange={(e) => setCloseAfter(e.target.value)}
          />
          <span className="meta">events</span>
        </div>
        <div className="inline-form">
          <button type="button" className="small" onClick={() => void injectFailure({ type: 'status', status: Number(status), count: 1 })}>
            Next answers
          </button>
          <select aria-label="Status for the next connection" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="500">500</option>
            <option value="204">204 (stop)</option>
            <option value="404">404</option>
            <option value="401">401</option>
          </select>
          <span />
        </div>
        <div className="inline-form">
          <button
            type="button"
            className="small"
            onClick={() => void injectFailure({ type: 'delay-headers', ms: Number(delay) || 1000, count: 1 })}
          >
            Delay headers
          </button>
          <input aria-label="Header delay (ms)" type="number" min={1} value={delay} onChange={(e) => setDelay(e.target.value)} />
          <span className="meta">ms</span>
        </div>
        <div className="inline-form">
          <button
            type="button"
            className="small"
            onClick={() => void injectFailure({ type: 'oversized', bytes: Math.max(1, Math.round(Number(kib) * 1024)) || 1024 })}
          >
            Oversized event
          </button>
          <input aria-label="Oversized event size (KiB)" type="number" min={1} value={kib} onChange={(e) => setKib(e.target.value)} />
          <span className="meta">KiB</span>
        </div>
      </fieldset>
      {failures && (failures.stalled || failures.closeAfter !== null || failures.pending.length > 0) && (
        <ul className="armed">
          {failures.stalled && <li>Stalled: no events are being written.</li>}
          {failures.closeAfter !== null && <li>Each stream closes after {failures.closeAfter} events.</li>}
          {failures.pending.map((p, i) => (
            <li key={i}>
              Next {p.remaining} connection{p.remaining === 1 ? '' : 's'}: {p.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The last minute of events/s, sampled from status pushes (about four a second, at most one a second kept). */
function useRateHistory(): number[] {
  const [history, setHistory] = useState<number[]>([])
  useEffect(() => {
    let lastSample = 0
    return useAppStore.subscribe((state) => {
      const rate = state.server?.eventsPerSecond
      const now = Date.now()
      if (rate === undefined || now - lastSample < 1000) return
      lastSample = now
      setHistory((h) => [...h.slice(-59), rate])
    })
  }, [])
  return history
}
