import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InspectorCore } from './inspector-core'

let dir: string
let core: InspectorCore
/** Everything the core pushed to the UI. A connection that starts and fails pushes its state at once. */
let pushed: Array<{ channel: string; payload: unknown }>

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sse-inspector-core-'))
  core = new InspectorCore({ transport: 'web', serverPort: 0, dataDir: dir })
  pushed = []
  core.push.subscribe((channel, payload) => pushed.push({ channel, payload }))
})
afterEach(async () => {
  await core.dispose()
  rmSync(dir, { recursive: true, force: true })
})

async function refused(request: unknown): Promise<string> {
  const outcome = await core.router.call('connection:open', request)
  expect(outcome.ok).toBe(false)
  // Refused before anything started: no connection, no frames.
  expect(core.connections.list()).toEqual([])
  expect(pushed).toEqual([])
  return outcome.ok ? '' : outcome.error.message
}

describe('connection:open refuses what cannot work, saying why', () => {
  it.each([
    [
      'ftp://example.com/stream',
      /ftp: URLs are not supported: event streams are served over http: or https:\. Use a URL that starts with http:\/\/ or https:\/\//
    ],
    ['file:///etc/passwd', /file: URLs are not supported/],
    ['javascript:alert(1)', /javascript: URLs are not supported/],
    ['ws://127.0.0.1:8844/stream', /ws: URLs are not supported/],
    ['not a url', /"not a url" is not a valid URL\. Try something like http:\/\/127\.0\.0\.1:8844\/stream/],
    ['http://', /"http:\/\/" is not a valid URL/],
    ['', /Enter the URL of the event stream\./]
  ])('URL %j', async (url, message) => {
    const text = await refused({ url })
    expect(text).toMatch(/^Invalid request for connection:open: /)
    expect(text).toMatch(message)
    // One reason per problem, not a pile of schema noise.
    expect(text.match(/✖/g)).toHaveLength(1)
  })

  it.each([
    ['Authorization: Bearer x', /"Authorization: Bearer x" is not a valid header name: it looks like a whole "Name: value" line/],
    ['X Token', /"X Token" is not a valid header name: use letters, digits and -/],
    ['', /A header needs a name\./]
  ])('header name %j', async (name, message) => {
    expect(await refused({ url: 'http://127.0.0.1:1/stream', headers: [{ name, value: 'v' }] })).toMatch(message)
  })

  it.each([
    ['a\r\nInjected: 1', /header values cannot contain line breaks/],
    ['5 €', /header values cannot hold U\+20AC: only tabs, printable ASCII and Latin-1/],
    ['bell\u0007', /header values cannot hold U\+0007/]
  ])('header value %j', async (value, message) => {
    expect(await refused({ url: 'http://127.0.0.1:1/stream', headers: [{ name: 'X-A', value }] })).toMatch(message)
  })

  it('still opens an http(s) URL with Latin-1 and tabs in a header value', async () => {
    const outcome = await core.router.call('connection:open', {
      url: 'https://127.0.0.1:1/stream',
      headers: [{ name: 'X-Name', value: 'café\tcrème' }],
      reconnect: 'off'
    })
    expect(outcome).toMatchObject({ ok: true, result: { url: 'https://127.0.0.1:1/stream', method: 'GET' } })
    // Port 1 refuses: the connection really ran, and its failure reached the UI as frames.
    await new Promise<void>((resolve) => {
      const stop = core.push.subscribe((channel, payload) => {
        if (channel === 'connection:state' && (payload as { state: string }).state === 'closed') {
          stop()
          resolve()
        }
      })
    })
    const frames = pushed.filter((p) => p.channel === 'frames').flatMap((p) => p.payload as Array<{ kind: string; message?: string }>)
    expect(frames.find((f) => f.kind === 'error')?.message).toMatch(/ECONNREFUSED/)
  })
})
