import { describe, expect, it } from 'vitest'
import { CallRouter } from './call-router'

describe('CallRouter', () => {
  it('validates requests against the contract before the handler sees them', async () => {
    const router = new CallRouter()
    const seen: unknown[] = []
    router.handle('connection:open', (request) => {
      seen.push(request)
      return { connectionId: 'c1', url: request.url, method: request.method, state: 'connecting' }
    })
    const ok = await router.call('connection:open', { url: 'http://x/stream', method: 'post' })
    expect(ok).toEqual({ ok: true, result: { connectionId: 'c1', url: 'http://x/stream', method: 'POST', state: 'connecting' } })
    // No reconnect given: the client picks by method (off for this POST), see defaultReconnectPolicy.
    expect(seen).toEqual([{ url: 'http://x/stream', method: 'POST', headers: [] }])

    const bad = await router.call('connection:open', { url: 'http://x', headers: [{ name: 'X-A', value: 'a\r\nInjected: 1' }] })
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.error.message).toContain('line breaks')
    expect(seen).toHaveLength(1)
  })

  it('turns a throwing handler into an error outcome', async () => {
    const router = new CallRouter()
    router.handle('server:stop', () => {
      throw new Error('port is stuck')
    })
    expect(await router.call('server:stop', undefined)).toEqual({ ok: false, error: { message: 'port is stuck' } })
  })

  it('answers unknown and unregistered calls with an error, not an exception', async () => {
    const router = new CallRouter()
    expect(await router.call('server:status', undefined)).toEqual({ ok: false, error: { message: 'Unknown call: server:status' } })
  })

  it('refuses a second handler for one channel', () => {
    const router = new CallRouter()
    router.handle('server:stop', () => {
      throw new Error('x')
    })
    expect(() =>
      router.handle('server:stop', () => {
        throw new Error('y')
      })
    ).toThrow(/twice/)
  })
})
