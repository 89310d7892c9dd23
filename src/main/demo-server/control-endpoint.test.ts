import type { IncomingMessage } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { controlRefusal } from './control-endpoint'
import { openStream, request, startServer, stopAll } from './test-helpers'

afterEach(stopAll)

const json = (body: unknown): { method: string; headers: Record<string, string>; body: string } => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body)
})

describe('/_control', () => {
  it('GET answers the status as JSON', async () => {
    const { origin } = await startServer()
    const res = await request(`${origin}/_control`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json')
    expect(JSON.parse(res.body)).toMatchObject({ running: true, config: { intervalMs: 1000 }, clients: [] })
  })

  it('POST applies config and injects faults, answering the new status', async () => {
    const { origin, stream, server, clock } = await startServer()
    const s = await openStream(stream)
    await s.nextEvents(2)
    const res = await request(`${origin}/_control`, json({ config: { intervalMs: 10, eventTypes: ['x'] } }))
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body).config).toMatchObject({ intervalMs: 10, eventTypes: ['x'] })
    clock.advance(30)
    await s.until(() => s.events.filter((e) => e.event === 'x').length >= 3, 'x events')
    const dropped = await request(`${origin}/_control`, json({ inject: { type: 'drop' } }))
    expect(dropped.status).toBe(200)
    await s.ended
    expect(server.status().clients).toEqual([])
  })

  it('answers 400 with the validation message for bad input', async () => {
    const { origin, server } = await startServer()
    const bad = await request(`${origin}/_control`, json({ config: { intervalMs: 0 } }))
    expect(bad.status).toBe(400)
    expect(bad.body).toMatch(/config\.intervalMs/)
    const unknown = await request(`${origin}/_control`, json({ inject: { type: 'explode' } }))
    expect(unknown.status).toBe(400)
    expect(unknown.body).toMatch(/inject/)
    const extra = await request(`${origin}/_control`, json({ confg: {} }))
    expect(extra.status).toBe(400)
    const notJson = await request(`${origin}/_control`, { ...json({}), body: '{nope' })
    expect(notJson.status).toBe(400)
    expect(notJson.body).toMatch(/not JSON/)
    expect(server.status().config.intervalMs).toBe(1000)
  })

  it('refuses non-JSON bodies and cross-site origins, which a web page could send', async () => {
    const { origin } = await startServer()
    const form = await request(`${origin}/_control`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' })
    expect(form.status).toBe(415)
    const site = await request(`${origin}/_control`, { headers: { Origin: 'https://evil.example' } })
    expect(site.status).toBe(403)
    const rebound = await request(`${origin}/_control`, { headers: { Host: 'evil.example:8844' } })
    expect(rebound.status).toBe(403)
    const local = await request(`${origin}/_control`, { headers: { Origin: 'http://localhost:5173' } })
    expect(local.status).toBe(200)
    const preflight = await request(`${origin}/_control`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } })
    expect(preflight.status).toBe(403)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('refuses requests from other machines', () => {
    const from = (remoteAddress: string, headers: Record<string, string> = {}) =>
      controlRefusal({ socket: { remoteAddress }, headers } as unknown as IncomingMessage)
    expect(from('192.168.1.20')).toMatch(/only answers requests from this machine/)
    expect(from('::ffff:10.1.2.3')).toMatch(/only answers requests from this machine/)
    expect(from('127.0.0.1', { host: '127.0.0.1:8844' })).toBeNull()
    expect(from('::1', { host: '[::1]:8844' })).toBeNull()
  })
})
