import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InspectorCore } from '../core/inspector-core'
import { WebServer, type WebServerInfo } from './web-server'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Raw HTTP, because fetch will not let a test forge Host the way a rebinding attack does. */
function http(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => {
        body += c.toString()
        // Event streams never end; the first message is enough.
        if (res.headers['content-type']?.startsWith('text/event-stream') && body.includes('\n\n')) res.destroy()
      })
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

const PAGE_POLICY = "default-src 'self'; script-src 'sha256-abc=' 'strict-dynamic'"
let core: InspectorCore
let web: WebServer
let info: WebServerInfo
let rendererDir: string

beforeEach(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'))
  writeFileSync(
    join(rendererDir, 'index.html'),
    `<!doctype html><title>SSE Inspector</title><meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY}" />`
  )
  core = new InspectorCore({ transport: 'web', serverPort: 0 })
  web = new WebServer({ core, rendererDir, port: 0 })
  info = await web.start()
})

afterEach(async () => {
  await web.stop()
  await core.dispose()
  rmSync(rendererDir, { recursive: true, force: true })
})

const host = () => `127.0.0.1:${info.port}`
const authed = (extra: Record<string, string> = {}) => ({ host: host(), authorization: `Bearer ${info.token}`, ...extra })

describe('browser mode access', () => {
  it('listens on loopback only, and prints the token in the fragment, which no browser sends to a server', () => {
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/)
  })

  it('never sets a cookie: cookies are not scoped by port, so every other local service would get it', async () => {
    for (const path of ['/', `/?token=${info.token}`, '/index.html']) {
      const reply = await http(info.port, path, { headers: { host: host() } })
      expect(reply.headers['set-cookie']).toBeUndefined()
    }
    const call = await http(info.port, '/api/call/app:info', { method: 'POST', headers: authed({ 'content-type': 'application/json' }) })
    expect(call.headers['set-cookie']).toBeUndefined()
  })

  it('serves the page without the token (it is the published renderer), so a reload can find its key', async () => {
    const page = await http(info.port, '/', { headers: { host: host() } })
    expect(page.status).toBe(200)
    expect(page.body).toContain('SSE Inspector')
  })

  it('refuses calls and pushes with a wrong token, without one, or with it in a cookie or the query', async () => {
    const noToken = { host: host(), 'content-type': 'application/json' }
    const wrong = { ...noToken, authorization: 'Bearer nope' }
    const asCookie = { ...noToken, cookie: `sse_inspector_${info.port}=${info.token}; token=${info.token}` }
    for (const headers of [noToken, wrong, asCookie]) {
      const call = await http(info.port, '/api/call/app:info', { method: 'POST', headers })
      expect(call.status).toBe(401)
      expect(call.body).toContain('#token=')
      expect((await http(info.port, '/api/push', { headers })).status).toBe(401)
    }
    const inQuery = await http(info.port, `/api/call/app:info?token=${info.token}`, { method: 'POST', headers: noToken })
    expect(inQuery.status).toBe(401)
  })

  it('refuses a foreign Host even with the token (DNS rebinding)', async () => {
    const reply = await http(info.port, '/', { headers: authed({ host: `evil.example:${info.port}` }) })
    expect(reply.status).toBe(421)
  })

  it('refuses a foreign Origin even with the token', async () => {
    const reply = await http(info.port, '/api/call/app:info', {
      method: 'POST',
      headers: authed({ origin: 'http://evil.example', 'content-type': 'application/json' })
    })
    expect(reply.status).toBe(403)
  })

  it('serves the UI and answers calls for the token holder, from its own origin', async () => {
    const page = await http(info.port, '/', { headers: { host: host() } })
    expect(page.status).toBe(200)
    expect(page.body).toContain('SSE Inspector')
    // The page's own policy, plus frame-ancestors, which a meta tag cannot carry.
    expect(page.headers['content-security-policy']).toBe(`${PAGE_POLICY}; frame-ancestors 'none'`)

    const call = await http(info.port, '/api/call/app:info', {
      method: 'POST',
      headers: authed({ origin: `http://${host()}`, 'content-type': 'application/json' })
    })
    expect(call.status).toBe(200)
    expect(JSON.parse(call.body)).toMatchObject({ ok: true, result: { transport: 'web' } })
  })

  it('validates call input and reports it as an error outcome', async () => {
    const reply = await http(info.port, '/api/call/connection:open', {
      method: 'POST',
      headers: authed({ 'content-type': 'application/json' }),
      body: JSON.stringify({ url: 42 })
    })
    const outcome = JSON.parse(reply.body)
    expect(outcome.ok).toBe(false)
    expect(outcome.error.message).toMatch(/Invalid request for connection:open/)
  })

  it('requires JSON for calls, so no plain cross-site form can make one', async () => {
    const reply = await http(info.port, '/api/call/server:stop', {
      method: 'POST',
      headers: authed({ 'content-type': 'text/plain' }),
      body: ''
    })
    expect(reply.status).toBe(415)
  })

  it('answers 413 to an oversized call instead of buffering it', async () => {
    const reply = await http(info.port, '/api/call/connection:open', {
      method: 'POST',
      headers: authed({ 'content-type': 'application/json' }),
      body: JSON.stringify({ url: 'http://x', body: 'x'.repeat(13 * 1024 * 1024) })
    })
    expect(reply.status).toBe(413)
    expect(reply.body).toMatch(/larger than/)
  })

  it('never serves files outside the renderer directory', async () => {
    const reply = await http(info.port, '/..%2f..%2f..%2fetc%2fpasswd', { headers: authed() })
    expect(reply.status).toBe(404)
  })

  it('pushes over an event stream', async () => {
    const reply = await http(info.port, '/api/push', { headers: authed() })
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toMatch(/^text\/event-stream/)
    expect(reply.body).toContain('retry: 1000')
  })

  it('tells a tab that reconnects how many updates and frames it missed, instead of losing them silently', async () => {
    const frame = { kind: 'retry' as const, connectionId: 'c', time: 1, ms: 5 }
    /** Reads one push stream until `enough` says so, then hangs up. */
    const readPush = (headers: Record<string, string>, enough: (body: string) => boolean): Promise<string> =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: info.port, path: '/api/push', headers: authed(headers) }, (res) => {
          let body = ''
          res.on('data', (c: Buffer) => {
            body += c.toString()
            if (enough(body)) res.destroy()
          })
          res.on('close', () => resolve(body))
        })
        req.on('error', reject)
        req.end()
        // Sent once the stream is open, so this tab sees it.
        req.on('response', () => core.push.emit('frames', [frame, frame]))
      })

    const first = await readPush({}, (body) => body.includes('event: frames'))
    const lastId = /^id: (.+)$/m.exec(first)?.[1]
    expect(lastId).toMatch(/^\d+\.\d+$/)

    // While the tab is away: two more batches, five frames.
    core.push.emit('frames', [frame, frame, frame])
    core.push.emit('frames', [frame, frame])
    const again = await readPush({ 'last-event-id': lastId! }, (body) => body.includes('event: frames'))
    const gap = /event: push:gap\ndata: (.+)\n/.exec(again)?.[1]
    // Status pushes may have gone by too; frames are exact.
    expect(JSON.parse(gap ?? 'null')).toEqual({ missedUpdates: expect.any(Number), missedFrames: 5 })
    expect(JSON.parse(gap!).missedUpdates).toBeGreaterThanOrEqual(2)
    // And the stream goes on after saying so.
    expect(again.indexOf('event: push:gap')).toBeLessThan(again.indexOf('event: frames'))

    // Told once: the gap carries an id, so reconnecting again at once repeats nothing.
    const gapId = /^id: (.+)\nevent: push:gap$/m.exec(again)?.[1]
    expect(gapId).toMatch(/^\d+\.\d+$/)

    // A tab that missed nothing hears no gap.
    const current = /^id: (.+)$/gm
    const ids = [...again.matchAll(current)].map((m) => m[1]!)
    const third = await readPush({ 'last-event-id': ids[ids.length - 1]! }, (body) => body.includes('event: frames'))
    expect(third).not.toContain('push:gap')

    // Ids this process never sent (forged, or from an earlier run) are not turned into counts.
    for (const bogus of ['1.99999999999999', '0.' + '9'.repeat(400), 'x.y']) {
      const body = await readPush({ 'last-event-id': bogus }, (b) => b.includes('event: frames'))
      expect(body).not.toContain('push:gap')
    }
  })
})
