import { useState } from 'react'
import { defaultReconnectPolicy, type ReconnectPolicy, type SavedEndpoints } from '../../../shared/contract'
import { isSecretHeader, maskSecret } from '../../../shared/secrets'
import { takeRepeatWarning } from '../store/llm-request'
import { LlmPresets } from './message/LlmPresets'

export interface HeaderDraft {
  name: string
  value: string
}

export interface RequestDraft {
  url: string
  method: string
  headers: HeaderDraft[]
  body: string
  reconnect: ReconnectPolicy
}

const POLICY_HELP: Record<ReconnectPolicy, string> = {
  spec: 'As EventSource: wait the retry: time, then reconnect with Last-Event-ID',
  backoff: 'Exponential backoff with jitter from the retry: time, capped at 60 s; resets once connected',
  off: 'Do not reconnect when the stream ends'
}

interface Props {
  draft: RequestDraft
  onChange: (draft: RequestDraft) => void
  saved: SavedEndpoints | null
  defaultUrl: string
  onSave: (name: string) => Promise<void>
  onRemove: (name: string) => Promise<void>
  policies: readonly ReconnectPolicy[]
}

/** Headers (credentials masked), body, reconnect policy, and saved endpoints. */
export function RequestEditor({ draft, onChange, saved, defaultUrl, onSave, onRemove, policies }: Props): React.JSX.Element {
  const [revealed, setRevealed] = useState<Set<number>>(new Set())
  const [name, setName] = useState('')
  const setHeader = (index: number, patch: Partial<HeaderDraft>): void =>
    onChange({ ...draft, headers: draft.headers.map((h, i) => (i === index ? { ...h, ...patch } : h)) })
  const omitted = saved?.endpoints.find((e) => e.name === name)?.omittedSecrets ?? []
  const [repeatWarning, setRepeatWarning] = useState(false)

  return (
    <div className="request-editor" aria-label="Request options">
      <section>
        <h3>Headers</h3>
        {draft.headers.length === 0 && <p className="hint">No extra headers. Accept: text/event-stream is always sent.</p>}
        {draft.headers.map((header, index) => {
          const secret = isSecretHeader(header.name)
          const masked = secret && !revealed.has(index)
          return (
            <div className="header-row" key={index}>
              <input
                aria-label="Header name"
                placeholder="Authorization"
                spellCheck={false}
                value={header.name}
                onChange={(e) => setHeader(index, { name: e.target.value })}
              />
              {masked ? (
                <input
                  aria-label={`${header.name} value (hidden)`}
                  readOnly
                  className="masked"
                  value={header.value ? maskSecret(header.value) : ''}
                  placeholder="value"
                  onFocus={() => setRevealed(new Set(revealed).add(index))}
                />
              ) : (
                <input
                  aria-label={`${header.name || 'Header'} value`}
                  placeholder="value"
                  spellCheck={false}
                  value={header.value}
                  onChange={(e) => setHeader(index, { value: e.target.value })}
                />
              )}
              {secret && (
                <button
                  type="button"
                  className="small"
                  aria-pressed={!masked}
                  onClick={() => {
                    const next = new Set(revealed)
                    if (masked) next.add(index)
                    else next.delete(index)
                    setRevealed(next)
                  }}
                >
                  {masked ? 'Reveal' : 'Hide'}
                </button>
              )}
              <button
                type="button"
                className="small"
                aria-label="Remove header"
                onClick={() => onChange({ ...draft, headers: draft.headers.filter((_, i) => i !== index) })}
              >
                ✕
              </button>
            </div>
          )
        })}
        <button
          type="button"
          className="small"
          onClick={() => onChange({ ...draft, headers: [...draft.headers, { name: '', value: '' }] })}
        >
          + Add header
        </button>
      </section>

      <section>
        <h3>Body</h3>
        <textarea
          aria-label="Request body"
          spellCheck={false}
          disabled={draft.method === 'GET'}
          placeholder={draft.method === 'GET' ? 'GET requests have no body; choose POST to send one.' : '{"model": "…", "stream": true}'}
          value={draft.body}
          onChange={(e) => onChange({ ...draft, body: e.target.value })}
        />
        {draft.method !== 'GET' && <p className="hint">A JSON body is sent as Content-Type: application/json unless you set another.</p>}
      </section>

      <section>
        <h3>Reconnect</h3>
        <div className="segmented" role="radiogroup" aria-label="Reconnect policy">
          {policies.map((policy) => (
            <button
              key={policy}
              type="button"
              role="radio"
              aria-checked={draft.reconnect === policy}
              className={draft.reconnect === policy ? 'on' : ''}
              title={POLICY_HELP[policy]}
              onClick={() => {
                if (takeRepeatWarning(draft.method, policy)) setRepeatWarning(true)
                onChange({ ...draft, reconnect: policy })
              }}
            >
              {policy}
            </button>
          ))}
        </div>
        <p className="hint">{POLICY_HELP[draft.reconnect]}</p>
        {repeatWarning && draft.method !== 'GET' && draft.reconnect !== 'off' && (
          <p className="hint warn" role="alert" data-testid="repeat-warning">
            Every reconnect sends this {draft.method} again: an LLM API generates (and bills) the whole answer again, and other endpoints
            may act twice. Keep it off unless repeating the request is safe.
          </p>
        )}

        <LlmPresets onApply={onChange} />

        <h3>Endpoints</h3>
        <div className="endpoint-list">
          <button
            type="button"
            className="small"
            disabled={!defaultUrl}
            onClick={() => onChange({ ...draft, url: defaultUrl, method: 'GET', body: '' })}
          >
            Demo server
          </button>
          {saved?.endpoints.map((endpoint) => (
            <span className="endpoint" key={endpoint.name}>
              <button
                type="button"
                className="small"
                title={`${endpoint.request.method} ${endpoint.request.url}`}
                onClick={() => {
                  setName(endpoint.name)
                  onChange({
                    url: endpoint.request.url,
                    method: endpoint.request.method,
                    headers: endpoint.request.headers,
                    body: endpoint.request.body ?? '',
                    reconnect: endpoint.request.reconnect ?? defaultReconnectPolicy(endpoint.request.method)
                  })
                }}
              >
                {endpoint.name}
              </button>
              <button
                type="button"
                className="small ghost"
                aria-label={`Forget ${endpoint.name}`}
                onClick={() => void onRemove(endpoint.name)}
              >
                ✕
              </button>
            </span>
          ))}
        </div>
        <form
          className="save-row"
          onSubmit={(e) => {
            e.preventDefault()
            if (name.trim()) void onSave(name.trim())
          }}
        >
          <input aria-label="Endpoint name" placeholder="Name this endpoint" value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="small" disabled={!name.trim() || !draft.url.trim()}>
            Save
          </button>
        </form>
        {omitted.length > 0 && <p className="hint warn">Enter {omitted.join(', ')} again: secret values were not saved.</p>}
        {saved?.secretStorage === 'not-saved' && draft.headers.some((h) => isSecretHeader(h.name)) && (
          <p className="hint">Secret header values are not saved here (no OS keychain in browser mode); everything else is.</p>
        )}
      </section>
    </div>
  )
}
