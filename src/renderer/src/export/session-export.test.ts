import { describe, expect, it } from 'vitest'
import type { Frame } from '../../../shared/frames'
import { buildSessionExport, secretValues, sessionFileName, type SessionExportInput } from './session-export'

const TOKEN = 'sk-live-0123456789abcdef'
const request = {
  url: 'https://api.example.com/v1/chat?access_token=qtok-98765&model=small',
  method: 'POST',
  headers: [
    { name: 'Authorization', value: `Bearer ${TOKEN}` },
    { name: 'X-Trace', value: 'trace-1' }
  ],
  body: JSON.stringify({ model: 'small', max_tokens: 64, client_secret: 'body-secret-42' }),
  reconnect: 'spec' as const
}
const base = { connectionId: 'c1', time: 1_764_000_000_000 }
const frames: Frame[] = [
  {
    ...base,
    kind: 'connecting',
    url: request.url,
    method: 'POST',
    attempt: 0,
    headers: { host: 'api.example.com', authorization: 'Bearer ••••••••cdef', 'x-trace': 'trace-1' }
  },
  { ...base, kind: 'open', status: 200, url: request.url, headers: { 'content-type': 'text/event-stream', 'set-cookie': 'sid=abc123456' } },
  // A server that echoes what it was sent: the token must not survive in the data or raw text.
  {
    ...base,
    kind: 'event',
    type: 'echo',
    data: `you sent Bearer ${TOKEN}`,
    lastEventId: '',
    raw: `event: echo\ndata: you sent Bearer ${TOKEN}\n\n`
  },
  { ...base, kind: 'error', message: `GET ${request.url} failed`, fatal: false },
  { ...base, kind: 'retry', ms: 1000 }
]
const input = (overrides: Partial<SessionExportInput> = {}): SessionExportInput => ({
  frames,
  connections: [{ connectionId: 'c1', request }],
  includeSecrets: false,
  scope: 'all',
  droppedBefore: 0,
  appVersion: '1.2.3',
  exportedAt: Date.UTC(2026, 10, 25, 14, 3, 7),
  ...overrides
})

describe('session export', () => {
  it('finds the credentials the user typed: header values with and without scheme, URL and body secrets', () => {
    expect(secretValues(request)).toEqual(expect.arrayContaining([`Bearer ${TOKEN}`, TOKEN, 'qtok-98765', 'body-secret-42']))
    expect(secretValues(request)).not.toContain('trace-1')
  })

  it('takes from a free-text body the values after credential names, but not token counts (as the redactor)', () => {
    const text = { ...request, body: 'api_key: text-secret-31\nmax_tokens: 4096000' }
    expect(secretValues(text)).toContain('text-secret-31')
    expect(secretValues(text)).not.toContain('4096000')
  })

  it("redacts a proxy URL's credentials, wherever they appear", () => {
    const proxied = { ...request, proxy: 'http://alice:proxy-pass-77@proxy.example:3128' }
    expect(secretValues(proxied)).toEqual(expect.arrayContaining(['proxy-pass-77']))
    const out = buildSessionExport(
      input({
        connections: [{ connectionId: 'c1', request: proxied }],
        frames: [{ ...base, kind: 'error', message: 'proxy said proxy-pass-77 is wrong', fatal: true }]
      })
    )
    expect(JSON.stringify(out)).not.toContain('proxy-pass-77')
    expect(out.connections[0]!.request.proxy).toBe('http://%5Bredacted%5D:%5Bredacted%5D@proxy.example:3128/')
  })

  it('redacts by default: nothing the user typed as a credential appears anywhere in the file', () => {
    const out = buildSessionExport(input())
    const text = JSON.stringify(out)
    for (const secret of [TOKEN, 'qtok-98765', 'body-secret-42', 'abc123456']) expect(text).not.toContain(secret)
    expect(out.secrets).toBe('redacted')
    expect(out.connections[0]!.request.headers).toEqual([
      { name: 'Authorization', value: '[redacted]' },
      { name: 'X-Trace', value: 'trace-1' }
    ])
    expect(JSON.parse(out.connections[0]!.request.body!)).toEqual({ model: 'small', max_tokens: 64, client_secret: '[redacted]' })
    expect(out.frames[1]).toMatchObject({ headers: { 'content-type': 'text/event-stream', 'set-cookie': '[redacted]' } })
    expect(out.frames[2]).toMatchObject({ data: 'you sent [redacted]', raw: 'event: echo\ndata: you sent [redacted]\n\n' })
    expect(out.frames[0]).toMatchObject({ url: 'https://api.example.com/v1/chat?access_token=%5Bredacted%5D&model=small' })
    // The connecting frame's headers come masked; the export shows not even their last characters.
    expect(out.frames[0]).toMatchObject({ headers: { host: 'api.example.com', authorization: '[redacted]', 'x-trace': 'trace-1' } })
    // What is not secret is kept exactly.
    expect(out.frames[4]).toEqual(frames[4])
    expect(out.frames).toHaveLength(frames.length)
  })

  it('knows a secret in every spelling an echo may use: raw and decoded query values, user names, cookie pairs, forms', () => {
    const found = secretValues({
      url: 'https://tok-user-777@h.example/s?token=a%2Bb%2Fc1&k=v',
      headers: [{ name: 'Cookie', value: 'sid=sess-abc-1; theme=dark' }],
      body: 'password=p%40ss-word-9&x=1'
    })
    expect(found).toEqual(expect.arrayContaining(['tok-user-777', 'a%2Bb%2Fc1', 'a+b/c1', 'sess-abc-1', 'p%40ss-word-9', 'p@ss-word-9']))
    // A broken escape loses only the decoded spelling, not the rest.
    expect(secretValues({ url: 'https://u:%zzsecret1@h.example/s?api_key=key-12345' })).toEqual(
      expect.arrayContaining(['%zzsecret1', 'key-12345'])
    )
  })

  it('scrubs typed secrets from every response header value and URLs inside messages', () => {
    const out = buildSessionExport(
      input({
        frames: [
          { ...base, kind: 'open', status: 200, url: request.url, headers: { 'x-echo': `Bearer ${TOKEN}` } },
          {
            ...base,
            kind: 'error',
            message: 'Too many redirects; last one pointed to https://idp.example/cb?code=nobody-typed-this.',
            fatal: true
          }
        ]
      })
    )
    const text = JSON.stringify(out)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain('nobody-typed-this')
  })

  it('applies the one secret rule: every API header, fragment and ?jwt= tokens, encoded echoes, event types, text bodies, cut-off previews', () => {
    const keys = {
      apim: 'apim-subscription-key-0001',
      functions: 'functions-key-value-0002',
      access: 'access-key-value-0003',
      jwt: 'eyJhbGciOiJIUzI1NiJ9.jwt-header-0004',
      fragment: 'fragment-access-token-0005',
      query: 'query-jwt-value-0006',
      text: 'sk-text-body-secret-0007'
    }
    const typed = {
      url: `https://api.example/s?jwt=${keys.query}#access_token=${keys.fragment}`,
      method: 'POST',
      headers: [
        { name: 'Ocp-Apim-Subscription-Key', value: keys.apim },
        { name: 'X-Functions-Key', value: keys.functions },
        { name: 'X-Access-Key', value: keys.access },
        { name: 'JWT', value: keys.jwt }
      ],
      body: `model: small\napi_key: ${keys.text}\n`
    }
    const b64 = btoa(keys.apim)
    const out = buildSessionExport(
      input({
        connections: [{ connectionId: 'c1', request: typed }],
        frames: [
          { ...base, kind: 'connecting', url: typed.url, method: 'POST', attempt: 0 },
          { ...base, kind: 'event', type: keys.functions, data: `b64 ${b64} pct ${encodeURIComponent(keys.jwt)}`, lastEventId: '' },
          { ...base, kind: 'event', type: 'message', data: JSON.stringify({ echo: `"${keys.access}"\n` }), lastEventId: '' },
          // What the parser's preview keeps of a 40-character cut.
          { ...base, kind: 'diagnostic', level: 'warning', code: 'unknown-field', message: `Unknown field "${keys.text.slice(0, 20)}…"` }
        ]
      })
    )
    const text = JSON.stringify(out)
    for (const [what, secret] of Object.entries(keys)) {
      expect(text, what).not.toContain(secret)
      expect(text, what).not.toContain(secret.slice(0, 14))
    }
    expect(text).not.toContain(b64)
    expect(out.connections[0]!.request.body).toBe('model: small\napi_key: [redacted]\n')
  })

  it('includes secrets only when the user opts in, and says so in the file', () => {
    const out = buildSessionExport(input({ includeSecrets: true }))
    expect(out.secrets).toBe('included')
    expect(out.frames).toEqual(frames)
    expect(out.connections[0]!.request).toEqual(request)
  })

  it('says what it holds: format, app version, time, scope and frames lost before it', () => {
    const out = buildSessionExport(input({ scope: 'shown', droppedBefore: 12 }))
    expect(out).toMatchObject({
      format: 'sse-inspector-session',
      formatVersion: 1,
      app: { name: 'SSE Inspector', version: '1.2.3' },
      exportedAt: '2026-11-25T14:03:07.000Z',
      scope: 'shown',
      droppedBefore: 12
    })
    expect(sessionFileName(Date.UTC(2026, 10, 25, 14, 3, 7))).toMatch(/^sse-session-2026-11-2\d-\d{6}\.json$/)
  })
})
