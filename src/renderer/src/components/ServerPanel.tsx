import { useEffect, useState } from 'react'
import { configureServer, startServer, stopServer } from '../store/actions'
import { useAppStore } from '../store/app-store'

export function ServerPanel(): React.JSX.Element {
  const server = useAppStore((s) => s.server)
  const [interval, setIntervalText] = useState('')
  const [eventTypes, setEventTypes] = useState('')
  const configInterval = server?.config.intervalMs
  const configTypes = server?.config.eventTypes.join(', ')
  useEffect(() => {
    if (configInterval !== undefined) setIntervalText(String(configInterval))
  }, [configInterval])
  useEffect(() => {
    if (configTypes !== undefined) setEventTypes(configTypes)
  }, [configTypes])

  if (!server) {
    return (
      <aside className="side" aria-label="Demo server">
        <h2>Demo server</h2>
        <p className="hint">Waiting for the server status…</p>
      </aside>
    )
  }

  const applyInterval = (): void => {
    const ms = Number(interval)
    if (Number.isInteger(ms) && ms >= 1 && ms !== server.config.intervalMs) void configureServer({ intervalMs: ms })
  }
  const applyTypes = (): void => {
    const types = eventTypes
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
    if (types.join(', ') !== server.config.eventTypes.join(', ')) void configureServer({ eventTypes: types })
  }

  return (
    <aside className="side" aria-label="Demo server" data-testid="server-panel">
      <div className="side-head">
        <h2>Demo server</h2>
        <span className={`pill ${server.running ? 'open' : 'closed'}`}>{server.running ? 'Running' : 'Stopped'}</span>
      </div>
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
      <div className="button-row">
        {server.running ? (
          <button type="button" onClick={() => void stopServer()}>
            Stop server
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void startServer()}>
            Start server
          </button>
        )}
      </div>

      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault()
          applyInterval()
          applyTypes()
        }}
      >
        <label>
          <span>Interval (ms)</span>
          <input
            aria-label="Interval (ms)"
            type="number"
            min={1}
            value={interval}
            onChange={(e) => setIntervalText(e.target.value)}
            onBlur={applyInterval}
          />
        </label>
        <label>
          <span>Event type</span>
          <input
            aria-label="Event type"
            type="text"
            placeholder="message (comma-separate to rotate)"
            value={eventTypes}
            onChange={(e) => setEventTypes(e.target.value)}
            onBlur={applyTypes}
          />
        </label>
        <button type="submit">Apply</button>
      </form>

      <dl className="stats">
        <dt>Clients</dt>
        <dd data-testid="server-clients">{server.clients.length}</dd>
        <dt>Events/s</dt>
        <dd>{server.eventsPerSecond.toFixed(1)}</dd>
        <dt>Bytes/s</dt>
        <dd>{Math.round(server.bytesPerSecond).toLocaleString()}</dd>
        <dt>retry</dt>
        <dd>{server.config.retryMs === null ? 'none' : `${server.config.retryMs} ms`}</dd>
      </dl>
    </aside>
  )
}
