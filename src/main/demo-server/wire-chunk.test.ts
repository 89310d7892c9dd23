import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { clientEvent, startServer, stopAll } from './test-helpers'
import { WireChunk } from './wire-chunk'

afterEach(stopAll)

describe('WireChunk', () => {
  it('frames the bytes once for chunked transfer, the SSE bytes being a view into the frame', () => {
    const chunk = new WireChunk('data: héllo\n\n')
    expect(chunk.bytes.toString()).toBe('data: héllo\n\n')
    expect(chunk.length).toBe(14)
    expect(chunk.framed.toString()).toBe('e\r\ndata: héllo\n\n\r\n')
    expect(chunk.bytes.buffer).toBe(chunk.framed.buffer)
  })

  it('still serves HTTP/1.0 clients, which get no chunked framing', async () => {
    const { server, clock } = await startServer({ config: { intervalMs: 10, ids: true } })
    const connected = clientEvent(server, (e) => e.type === 'connect')
    const socket = net.connect({ host: '127.0.0.1', port: server.status().port ?? 0 })
    socket.write('GET /stream HTTP/1.0\r\n\r\n')
    await connected
    clock.advance(20)
    let text = ''
    await new Promise<void>((resolve) => {
      socket.on('data', (d: Buffer) => {
        text += d.toString()
        if ((text.match(/^id: /gm) ?? []).length >= 3) resolve()
      })
    })
    socket.destroy()
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(text).not.toMatch(/transfer-encoding/i)
    expect(text).toMatch(/\r\n\r\nretry: 10000\nevent: connecttime\ndata: [^\n]+\n\nid: 1\ndata: [^\n]+\n\nid: 2\n/)
  })

  it('interleaves correctly with what went through res: the raw chunked wire decodes cleanly', async () => {
    const { server, clock } = await startServer({ config: { intervalMs: 10, ids: true } })
    const connected = clientEvent(server, (e) => e.type === 'connect')
    const socket = net.connect({ host: '127.0.0.1', port: server.status().port ?? 0 })
    socket.write('GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    let raw = ''
    const waiters: Array<() => void> = []
    socket.on('data', (d: Buffer) => {
      raw += d.toString('latin1')
      for (const w of waiters) w()
    })
    const until = (ok: () => boolean): Promise<void> =>
      new Promise((resolve) => {
        if (ok()) resolve()
        else waiters.push(() => ok() && resolve())
      })
    await connected
    clock.advance(20)
    await until(() => (raw.match(/id: /g) ?? []).length >= 3)
    server.configure({ retryMs: 1500 })
    clock.advance(30)
    await until(() => (raw.match(/id: /g) ?? []).length >= 6 && raw.includes('retry: 1500'))
    socket.destroy()

    let body = raw.slice(raw.indexOf('\r\n\r\n') + 4)
    let decoded = ''
    for (;;) {
      const eol = body.indexOf('\r\n')
      if (eol === -1) break
      const size = Number.parseInt(body.slice(0, eol), 16)
      if (body.length < eol + 2 + size + 2) break
      expect(body.slice(eol + 2 + size, eol + 4 + size)).toBe('\r\n')
      decoded += body.slice(eol + 2, eol + 2 + size)
      body = body.slice(eol + 4 + size)
    }
    expect(decoded).toMatch(/^retry: 10000\nevent: connecttime\ndata: [^\n]+\n\nid: 1\ndata: /)
    expect(decoded).toContain('\nretry: 1500\n\n')
  })
})
