import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { openStream, startServer, stopAll } from './test-helpers'

afterEach(stopAll)

describe('a slow client', () => {
  it('is cut off once it stays over the buffer limit, while another client keeps receiving', async () => {
    const { server, stream } = await startServer({
      config: { intervalMs: 2, payload: 'text', payloadBytes: 32 * 1024 },
      maxBufferedBytes: 256 * 1024,
      slowClientGraceMs: 300
    })
    const cutOff = new Promise<{ id: number; reason: string }>((resolve) =>
      server.onClientEvent((e) => e.type === 'disconnect' && resolve({ id: e.client.id, reason: e.reason ?? '' }))
    )

    const { port } = server.status()
    const stalled = net.connect({ host: '127.0.0.1', port: port ?? 0 })
    await new Promise<void>((r) => stalled.once('connect', r))
    stalled.write(`GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    // never read: the kernel buffers fill, then the server's own queue grows (a paused socket
    // does not poll, so it would not even notice the reset; the server's event says it all)
    stalled.pause()
    stalled.on('error', () => {})

    const healthy = await openStream(stream)
    const { id, reason } = await cutOff
    expect(id).toBe(1)
    expect(reason).toMatch(/^slow client: \d+ bytes waiting to be sent for over 300 ms \(limit 262144\)$/)
    const n = healthy.events.length
    await healthy.until(() => healthy.events.length > n + 20, 'the healthy client to keep receiving')
    expect(server.status().clients.map((c) => c.id)).toEqual([2])
    healthy.close()
    stalled.destroy()
  })
})
