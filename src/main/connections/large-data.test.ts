import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_UI_DATA_CHARS, type EventFrame, type Frame } from '../../shared/frames'
import { InspectorCore } from '../core/inspector-core'
import { SSE_HEADERS, startLocalServer, type LocalServer } from '../testing/local-server'
import { forUi } from './connection-manager'
import { LargeDataStore } from './large-data-store'

const event = (data: string): Frame => ({ kind: 'event', type: 'message', data, lastEventId: '', connectionId: 'c', time: 1 })

describe('very large data on its way to the UI', () => {
  it('is cut to MAX_UI_DATA_CHARS with its full size and a key, and kept whole aside', () => {
    const store = new LargeDataStore()
    const small = event('x'.repeat(MAX_UI_DATA_CHARS))
    expect(forUi(small, store)).toBe(small)
    const whole = 'é'.repeat(MAX_UI_DATA_CHARS + 10)
    const sent = forUi(event(whole), store) as EventFrame
    expect(sent.data).toBe(whole.slice(0, MAX_UI_DATA_CHARS))
    expect(sent.dataTruncated).toEqual({ bytes: 2 * whole.length, key: expect.any(String) })
    expect(store.get(sent.dataTruncated!.key)).toBe(whole)
  })

  it('is kept within a total size, oldest let go first, never the newest', () => {
    const store = new LargeDataStore(10)
    const a = store.put('aaaa')
    const b = store.put('bbbb')
    const c = store.put('cccc')
    expect([store.get(a), store.get(b), store.get(c)]).toEqual([null, 'bbbb', 'cccc'])
    const huge = store.put('h'.repeat(50))
    expect(store.get(huge)).toHaveLength(50)
    expect(store.get(c)).toBeNull()
  })
})

describe('event:data', () => {
  let dir: string
  let core: InspectorCore
  let server: LocalServer
  const whole = `{"text":"${'z'.repeat(MAX_UI_DATA_CHARS + 100)}"}`

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sse-inspector-core-'))
    core = new InspectorCore({ transport: 'web', serverPort: 0, dataDir: dir })
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.write(`event: big\ndata: ${whole}\n\n`)
    })
  })
  afterEach(async () => {
    await core.dispose()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('gives the UI the whole data of an event it was sent cut, and null for a key it never had', async () => {
    const big = new Promise<EventFrame>((resolve) =>
      core.push.subscribe((channel, payload) => {
        if (channel !== 'frames') return
        const found = (payload as Frame[]).find((f): f is EventFrame => f.kind === 'event' && f.type === 'big')
        if (found) resolve(found)
      })
    )
    expect((await core.router.call('connection:open', { url: server.url })).ok).toBe(true)
    const frame = await big
    expect(frame.data.length).toBe(MAX_UI_DATA_CHARS)
    expect(frame.dataTruncated?.bytes).toBe(whole.length)

    expect(await core.router.call('event:data', { key: frame.dataTruncated!.key })).toEqual({ ok: true, result: { data: whole } })
    expect(await core.router.call('event:data', { key: 'd999999' })).toEqual({ ok: true, result: null })
    expect((await core.router.call('event:data', { key: '' })).ok).toBe(false)
  })
})
