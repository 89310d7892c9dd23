import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { connect, disconnect } from '../store/actions'
import { useAppStore } from '../store/app-store'
import type { ConnectionView } from '../store/connection-view'
import { formatDuration } from '../format'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

export function ConnectionBar(): React.JSX.Element {
  const { defaultUrl, active } = useAppStore(
    useShallow((s) => ({
      defaultUrl: s.info?.defaultUrl ?? '',
      active: s.activeId ? s.connections[s.activeId] : undefined
    }))
  )
  const [url, setUrl] = useState('')
  const [method, setMethod] = useState('GET')
  useEffect(() => {
    if (!url && defaultUrl) setUrl(defaultUrl)
  }, [defaultUrl, url])

  const live = active !== undefined && active.state !== 'closed'
  return (
    <form
      className="connection-bar"
      onSubmit={(event) => {
        event.preventDefault()
        void connect({ url, method })
      }}
    >
      <select aria-label="Method" value={method} onChange={(e) => setMethod(e.target.value)}>
        {METHODS.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
      <input
        aria-label="Stream URL"
        className="url"
        type="text"
        spellCheck={false}
        placeholder="http://127.0.0.1:8844/stream"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <button type="submit" className="primary">
        {live ? 'Reconnect' : 'Connect'}
      </button>
      <button type="button" disabled={!live} onClick={() => void disconnect()}>
        Disconnect
      </button>
      {active && <ConnectionState view={active} />}
    </form>
  )
}

function ConnectionState({ view }: { view: ConnectionView }): React.JSX.Element {
  const remaining = useCountdown(view.reconnectAt)
  const label =
    view.state === 'reconnecting' && remaining !== null
      ? `Reconnecting in ${formatDuration(remaining)}`
      : view.state === 'closed' && view.lastError
        ? 'Failed'
        : { connecting: 'Connecting…', open: 'Open', reconnecting: 'Reconnecting…', closed: 'Closed' }[view.state]
  const tone = view.state === 'closed' && view.lastError ? 'failed' : view.state
  return (
    <div className="connection-state" data-testid="connection-state" data-state={view.state}>
      <span className={`pill ${tone}`} title={view.lastError ?? undefined}>
        {label}
      </span>
      <span className="meta" title="Reconnection time (retry:)">
        retry {view.retryMs === null ? 'default 3 s' : formatDuration(view.retryMs)}
      </span>
      <span className="meta" title="Last event ID">
        last id {view.lastEventId === '' ? '—' : <code>{view.lastEventId}</code>}
      </span>
    </div>
  )
}

/** Milliseconds until `deadline`, ticking while there is one. */
function useCountdown(deadline: number | null): number | null {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (deadline === null) return
    const timer = setInterval(() => setNow(Date.now()), 100)
    return () => clearInterval(timer)
  }, [deadline])
  return deadline === null ? null : Math.max(0, deadline - now)
}
