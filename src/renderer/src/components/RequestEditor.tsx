import { useState } from 'react'
import { MAX_LINE_BYTES, defaultReconnectPolicy } from '../../../shared/choices'
import type { ReconnectPolicy, SavedEndpoints } from '../../../shared/contract'
import { withoutSecrets } from '../../../shared/secret-parts'
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
  /** Longest line accepted, in bytes; undefined for the default. */
  maxLineBytes?: number
  /** A proxy URL, `direct`, or empty for the inspector's HTTPS_PROXY / HTTP_PROXY. */
  proxy: string
  /** Accept a TLS certificate that does not verify. */
  insecure: boolean
  /** Follow https→http redirects and resend the body to another origin; off when absent. */
  allowInsecureRedirects?: boolean
}

const MiB = 1024 * 1024

const POLICY_HELP: Record<ReconnectPolicy, string> = {
  spec: 'As EventSource: wait the retry: time (at least 0.5 s), then reconnect with Last-Event-ID',
  backoff: 'Exponential backoff with jitter from the retry: time, capped at 60 s; resets once an event arrives',
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

/** Headers (credentials masked), body, reconnect policy, proxy and certificate checks, and saved endpoints. */
export function RequestEditor({ draft, onChange, saved, defaultUrl, onSave, onRemove, policies }: Props): React.JSX.Element {
  const [revealed, setRevealed] = useState<Set<number>>(new Set())
  const [name, setName] = useState('')
  const setHeader = (index: number, patch: Partial<HeaderDraft>): void =>
    onChange({ ...draft, headers: draft.headers.map((h, i) => (i === index ? { ...h, ...patch } : h)) })
  const omitted = saved?.endpoints.find((e) => e.name === name)?.omittedSecrets ?? []
  const [repeatWarning, setRepeatWarning] = useState(false)
  // The same rule the endpoint store applies, so the warning names exactly what it will leave out.
  const unsaved = saved?.secretStorage === 'not-saved' ? withoutSecrets(draft).omitted : []

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

        <LlmPresets onApply={(preset) => onChange({ ...draft, ...preset })} />

        <h3>Limits</h3>
        <label className="limit-row">
          Max line (MiB){' '}
          <input
            aria-label="Max line size in MiB"
            type="number"
            min={1}
            max={MAX_LINE_BYTES.max / MiB}
            step={1}
            placeholder={String(MAX_LINE_BYTES.default / MiB)}
            value={draft.maxLineBytes === undefined ? '' : draft.maxLineBytes / MiB}
            onChange={(e) => {
              const mib = e.target.valueAsNumber
              const valid = Number.isInteger(mib) && mib >= 1 && mib <= MAX_LINE_BYTES.max / MiB
              onChange({ ...draft, maxLineBytes: valid ? mib * MiB : undefined })
            }}
          />
        </label>
        <p className="hint">
          Longer lines are discarded with a diagnostic (a browser would keep buffering). Up to {MAX_LINE_BYTES.max / MiB} MiB.
        </p>
        <h3>Proxy</h3>
        <input
          aria-label="Proxy"
          className="proxy"
          placeholder="http://proxy.example:3128"
          spellCheck={false}
          value={draft.proxy}
          onChange={(e) => onChange({ ...draft, proxy: e.target.value })}
        />
        <p className="hint">
          Empty: HTTPS_PROXY / HTTP_PROXY and NO_PROXY from where the inspector runs (loopback is always direct). Type <code>direct</code>{' '}
          for none.
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={draft.insecure} onChange={(e) => onChange({ ...draft, insecure: e.target.checked })} />
          <span>Accept an untrusted TLS certificate (insecure)</span>
        </label>
        {draft.insecure && (
          <p className="hint warn">
            Certificate checks are off for this connection: anyone in between could read and change the stream. It is marked insecure.
          </p>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.allowInsecureRedirects === true}
            onChange={(e) => onChange({ ...draft, allowInsecureRedirects: e.target.checked })}
          />
          <span>Allow insecure redirects</span>
        </label>
        <p className={draft.allowInsecureRedirects ? 'hint warn' : 'hint'}>
          {draft.allowInsecureRedirects
            ? 'A redirect may now leave HTTPS for plain HTTP, and a 307/308 to another server gets the body again. Credential headers are still never sent to another origin.'
            : 'Redirects from HTTPS to HTTP are refused, and a 307/308 to another server is sent without the body. Credential headers never follow a redirect to another origin.'}
        </p>

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
                    reconnect: endpoint.request.reconnect ?? defaultReconnectPolicy(endpoint.request.method),
                    maxLineBytes: endpoint.request.maxLineBytes,
                    proxy: endpoint.request.proxy ?? '',
                    insecure: endpoint.request.insecure === true,
                    allowInsecureRedirects: endpoint.request.allowInsecureRedirects === true
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
        {saved?.secretStorage === 'not-saved' && unsaved.length > 0 && (
          <p className="hint" data-testid="secrets-not-saved">
            Saving here leaves out {unsaved.join(', ')} (no OS keychain in browser mode, so secrets are not written at all); everything else
            is saved.
          </p>
        )}
      </section>
    </div>
  )
}
