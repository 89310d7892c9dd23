import { readFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../shared/frames'
import { clientHarness, ofKind } from '../testing/client-harness'
import { SSE_HEADERS } from '../testing/local-server'

// Two loopback servers on two ports are two origins (RFC 6454 §4: scheme, host and port).
const FIXTURES = join(import.meta.dirname, 'fixtures')
const TLS = { key: readFileSync(join(FIXTURES, 'self-signed.key')), cert: readFileSync(join(FIXTURES, 'self-signed.crt')) }

const { serve, run, cleanup } = clientHarness()
afterEach(cleanup)

const closed = (frames: Frame[]) => frames.some((f) => f.kind === 'close')
const codes = (frames: Frame[]) => ofKind(frames, 'diagnostic').map((d) => d.code)

const CREDENTIALS = [
  { name: 'Authorization', value: 'Bearer sk-live-authorization-0001' },
  { name: 'Cookie', value: 'session=cookie-value-0002' },
  { name: 'x-api-key', value: 'sk-ant-api03-anthropic-0003' },
  { name: 'X-Auth-Token', value: 'auth-token-value-0004' },
  { name: 'Proxy-Authorization', value: 'Basic cHJveHk6c2VjcmV0' },
  { name: 'Private-Token', value: 'glpat-private-0006' },
  { name: 'Ocp-Apim-Subscription-Key', value: 'apim-subscription-0007' },
  { name: 'X-Functions-Key', value: 'functions-key-0008' }
]
const BODY = JSON.stringify({ model: 'm', api_key: 'sk-body-secret-0009', stream: true })

/** A server that records each request's headers and body, and answers with one event. */
async function recordingTarget(options: { tls?: typeof TLS } = {}) {
  const seen: Array<{ method: string; headers: IncomingMessage['headers']; body: string }> = []
  const server = await serve((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, SSE_HEADERS)
      res.end('data: arrived\n\n')
    })
  }, options)
  return { server, seen }
}

async function redirector(status: number, location: string, options: { tls?: typeof TLS } = {}) {
  return serve((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(status, { location })
      res.end()
    })
  }, options)
}

describe('redirects to another origin', () => {
  for (const status of [302, 307]) {
    it(`drop every credential header on a ${status}, and say which`, async () => {
      const { server: target, seen } = await recordingTarget()
      const from = await redirector(status, `${target.url}/stream`)
      const { frames, until } = run({ url: `${from.url}/start`, reconnect: 'off', headers: CREDENTIALS })
      await until(closed)
      expect(seen).toHaveLength(1)
      for (const { name } of CREDENTIALS) expect(seen[0]?.headers[name.toLowerCase()], name).toBeUndefined()
      const dropped = ofKind(frames, 'diagnostic').find((d) => d.code === 'redirect-credentials-dropped')
      expect(dropped?.message).toMatch(/x-api-key/)
      expect(dropped?.message).toMatch(/ocp-apim-subscription-key/)
      // The message names the headers, never their values.
      for (const { value } of CREDENTIALS) expect(dropped?.message).not.toContain(value)
    })
  }

  it('keep the credentials on a redirect within the same origin', async () => {
    let seenKey: string | undefined
    const server = await serve((req, res) => {
      if (req.url === '/start') {
        res.writeHead(307, { location: '/stream' })
        res.end()
        return
      }
      seenKey = req.headers['x-api-key'] as string | undefined
      res.writeHead(200, SSE_HEADERS)
      res.end('data: same\n\n')
    })
    const { frames, until } = run({ url: `${server.url}/start`, reconnect: 'off', headers: CREDENTIALS })
    await until(closed)
    expect(seenKey).toBe('sk-ant-api03-anthropic-0003')
    expect(codes(frames)).not.toContain('redirect-credentials-dropped')
  })

  it('do not resend a POST body on a 307 unless insecure redirects are allowed', async () => {
    const { server: target, seen } = await recordingTarget()
    const from = await redirector(307, `${target.url}/stream`)
    const first = run({ url: `${from.url}/start`, method: 'POST', body: BODY, reconnect: 'off' })
    await first.until(closed)
    expect(seen[0]).toMatchObject({ method: 'POST', body: '' })
    expect(ofKind(first.frames, 'diagnostic').find((d) => d.code === 'redirect-body-dropped')?.message).toMatch(
      /was not sent again.*allow-insecure-redirects/
    )

    const second = run({ url: `${from.url}/start`, method: 'POST', body: BODY, reconnect: 'off', allowInsecureRedirects: true })
    await second.until(closed)
    expect(seen[1]).toMatchObject({ method: 'POST', body: BODY })
    expect(codes(second.frames)).toContain('redirect-body-resent')
  })

  it('refuse to go from https to http by default, saying how to allow it', async () => {
    const { server: target, seen } = await recordingTarget()
    const from = await redirector(302, `${target.url}/stream?key=1`, { tls: TLS })
    const { frames, until } = run({ url: `${from.url}/start`, reconnect: 'off', insecure: true, headers: CREDENTIALS })
    await until(closed)
    expect(seen).toHaveLength(0)
    const error = ofKind(frames, 'error')[0]
    expect(error).toMatchObject({ fatal: true })
    expect(error?.message).toMatch(/leaves HTTPS for plain HTTP.*--allow-insecure-redirects.*Allow insecure redirects/)
  })

  it('follow https to http when allowed, with a warning, still without the credentials', async () => {
    const { server: target, seen } = await recordingTarget()
    const from = await redirector(302, `${target.url}/stream`, { tls: TLS })
    const { frames, until } = run({
      url: `${from.url}/start`,
      reconnect: 'off',
      insecure: true,
      allowInsecureRedirects: true,
      headers: CREDENTIALS
    })
    await until(closed)
    expect(ofKind(frames, 'event').map((e) => e.data)).toEqual(['arrived'])
    expect(seen[0]?.headers['x-api-key']).toBeUndefined()
    expect(codes(frames)).toEqual(expect.arrayContaining(['redirect-downgrade-allowed', 'redirect-credentials-dropped']))
  })
})
