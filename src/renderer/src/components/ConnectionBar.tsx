import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { RECONNECT_POLICIES } from '../../../shared/choices'
import type { SavedEndpoints } from '../../../shared/contract'
import { connect, disconnect, listEndpoints, removeEndpoint, saveEndpoint } from '../store/core-actions'
import { useAppStore } from '../store/app-store'
import { withMethod } from '../store/llm-request'
import { noteEndpoint } from '../store/llm-runs'
import { llmResponse, useLlmStore } from '../store/llm-streams'
import { formatDuration } from '../format'
import { RequestEditor, type RequestDraft } from './RequestEditor'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

const EMPTY_DRAFT: RequestDraft = { url: '', method: 'GET', headers: [], body: '', reconnect: 'spec', proxy: '', insecure: false }

export function ConnectionBar(): React.JSX.Element {
  // Only what the form needs: the connection's live details re-render ConnectionState alone.
  const { defaultUrl, activeId, live } = useAppStore(
    useShallow((s) => {
      const active = s.activeId ? s.connections[s.activeId] : undefined
      return { defaultUrl: s.info?.defaultUrl ?? '', activeId: s.activeId, live: active !== undefined && active.state !== 'closed' }
    })
  )
  const [draft, setDraft] = useState<RequestDraft>(EMPTY_DRAFT)
  const [editing, setEditing] = useState(false)
  // Until the user picks a reconnect policy, it follows the method (off for anything but GET).
  const [policyChosen, setPolicyChosen] = useState(false)
  const [saved, setSaved] = useState<SavedEndpoints | null>(null)

  // The demo server's URL fills an empty field once it is known (and again if its port changes).
  const [seededUrl, setSeededUrl] = useState('')
  if (defaultUrl !== seededUrl) {
    setSeededUrl(defaultUrl)
    if (!draft.url && defaultUrl) setDraft((d) => ({ ...d, url: defaultUrl }))
  }
  useEffect(() => {
    void listEndpoints().then((list) => list && setSaved(list))
  }, [])

  const headerCount = draft.headers.filter((h) => h.name.trim()).length
  const submit = (): void => {
    // An empty row is nothing, but a value without a name would be dropped in silence.
    if (draft.headers.some((h) => !h.name.trim() && h.value.trim())) {
      useAppStore.setState({ notice: 'A request header has a value but no name. Name it, or remove the row, then connect.' })
      setEditing(true)
      return
    }
    noteEndpoint(draft.method, draft.url.trim(), savedNameOf(saved, draft))
    void connect({
      url: draft.url.trim(),
      method: draft.method,
      headers: draft.headers.filter((h) => h.name.trim()).map((h) => ({ name: h.name.trim(), value: h.value })),
      body: draft.method === 'GET' || draft.body === '' ? undefined : draft.body,
      reconnect: draft.reconnect,
      maxLineBytes: draft.maxLineBytes,
      ...(draft.proxy.trim() ? { proxy: draft.proxy.trim() } : {}),
      ...(draft.insecure ? { insecure: true } : {}),
      ...(draft.allowInsecureRedirects ? { allowInsecureRedirects: true } : {})
    })
  }

  return (
    <div className="connection">
      <form
        className="connection-bar"
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <select aria-label="Method" value={draft.method} onChange={(e) => setDraft(withMethod(draft, e.target.value, policyChosen))}>
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <input
          aria-label="Stream URL"
          className="url"
          type="text"
          spellCheck={false}
          placeholder="https://example.com/events"
          value={draft.url}
          onChange={(e) => setDraft({ ...draft, url: e.target.value })}
        />
        <button
          type="button"
          className={`toggle ${editing ? 'on' : ''}`}
          aria-expanded={editing}
          title="Headers, body, reconnect policy and saved endpoints"
          onClick={() => setEditing(!editing)}
        >
          Request{headerCount > 0 ? ` · ${headerCount} header${headerCount === 1 ? '' : 's'}` : ''}
          {draft.reconnect !== 'spec' ? ` · ${draft.reconnect}` : ''}
          {draft.proxy.trim() ? ' · proxy' : ''}
          {draft.insecure ? ' · insecure' : ''} ▾
        </button>
        <button type="submit" className="primary">
          {live ? 'Reconnect' : 'Connect'}
        </button>
        <button type="button" disabled={!live} onClick={() => void disconnect()}>
          Disconnect
        </button>
        {activeId && <ConnectionState connectionId={activeId} />}
      </form>
      {editing && (
        <RequestEditor
          draft={draft}
          onChange={(next) => {
            if (next.reconnect !== draft.reconnect) setPolicyChosen(true)
            setDraft(next)
          }}
          saved={saved}
          defaultUrl={defaultUrl}
          onSave={async (name) => {
            const list = await saveEndpoint(name, draft)
            if (list) setSaved(list)
          }}
          onRemove={async (name) => {
            const list = await removeEndpoint(name)
            if (list) setSaved(list)
          }}
          policies={RECONNECT_POLICIES}
        />
      )}
    </div>
  )
}

/**
 * The saved endpoint this request came from: one with the same method and URL, the one with the
 * same body too when several share them; null when none does. Its runs are kept under that name.
 */
function savedNameOf(saved: SavedEndpoints | null, draft: RequestDraft): string | null {
  const same = (saved?.endpoints ?? []).filter((e) => e.request.method === draft.method && e.request.url === draft.url.trim())
  return (same.find((e) => (e.request.body ?? '') === draft.body) ?? same[0])?.name ?? null
}

function ConnectionState({ connectionId }: { connectionId: string }): React.JSX.Element | null {
  const view = useAppStore((s) => s.connections[connectionId])
  const remaining = useCountdown(view?.reconnectAt ?? null)
  // The core marks the close; the answer's own completion marker says the same where it could not.
  const answered = useLlmStore(() => llmResponse(connectionId)?.assembler.completed === true)
  if (!view) return null
  const completed = view.state === 'closed' && (view.completed === true || answered)
  const failed = view.state === 'closed' && view.lastError !== null && !completed
  const label =
    view.state === 'reconnecting' && remaining !== null
      ? `Reconnecting in ${formatDuration(remaining)}`
      : completed
        ? 'Completed'
        : failed
          ? 'Failed'
          : { connecting: 'Connecting…', open: 'Open', reconnecting: 'Reconnecting…', closed: 'Closed' }[view.state]
  return (
    <div className="connection-state" data-testid="connection-state" data-state={view.state}>
      <span
        className={`pill ${completed ? 'completed' : failed ? 'failed' : view.state}`}
        title={completed ? 'The answer completed and the stream ended normally' : (view.lastError ?? undefined)}
        data-testid="connection-pill"
      >
        {label}
      </span>
      {view.insecure && (
        <span
          className="pill insecure"
          data-testid="insecure-badge"
          title="Certificate checks are off for this connection: its TLS certificate was not verified, so anyone in between could read and change the stream."
        >
          ⚠ insecure
        </span>
      )}
      {view.proxy && (
        <span className="meta" title="The request goes through this proxy">
          via {view.proxy}
        </span>
      )}
      <span className="meta" title="Reconnection time (set by retry:)">
        retry {view.retryMs === null ? '3 s (default)' : formatDuration(view.retryMs)}
      </span>
      <span className="meta" title="Last event ID, sent as Last-Event-ID when reconnecting">
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
    const tick = (): void => setNow(Date.now())
    // The first tick is a task of its own so that a new deadline never re-renders inside this effect.
    const first = setTimeout(tick, 0)
    const timer = setInterval(tick, 100)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [deadline])
  return deadline === null ? null : Math.max(0, deadline - now)
}
