import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { clientEvent, openStream, startServer, stopAll } from './test-helpers'

afterEach(stopAll)

describe('a slow client', () => {
  it('is cut off once it stays over the buffer limit, while another client keeps receiving', async () => {
    const { server, clock, stream } = await startServer({
      config: { intervalMs: 2, payload: 'text', payloadBytes: 32 * 1024 },
      maxBufferedBytes: 256 * 1024,
      slowClientGraceMs: 300
    })
    const disconnects: Array<{ id: number; reason: string }> = []
    server.onClientEvent((e) => e.type === 'disconnect' && disconnects.push({ id: e.client.id, reason: e.reason ?? '' }))
    const connected = clientEvent(server, (e) => e.type === 'connect')

    const { port } = server.status()
    const stalled = net.connect({ host: '127.0.0.1', port: port ?? 0 })
    await new Promise<void>((r) => stalled.once('connect', r))
    stalled.write(`GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    // never read: the kernel buffers fill, then the server's own queue grows (a paused socket
    // does not poll, so it would not even notice the reset; the server's event says it all)
    stalled.pause()
    stalled.on('error', () => {})
    await connected

    const healthy = await openStream(stream)
    // one tick at a time, each read by the healthy client before the next: it never falls behind,
    // while the stalled one's backlog grows until it has been over the limit for 300 ms
    let received = healthy.events.length
    for (let tick = 0; disconnects.length === 0; tick++) {
      // 32 MiB sent to each: far more than a loopback socket buffers, so something is wrong
      if (tick === 1024) throw new Error('the stalled client was never cut off')
      clock.advance(2)
      await healthy.nextEvents(++received)
    }
    const [{ id, reason } = { id: 0, reason: '' }] = disconnects
    expect(id).toBe(1)
    expect(reason).toMatch(/^slow client: \d+ bytes waiting to be sent for over 300 ms \(limit 262144\)$/)
    clock.advance(40)
    await healthy.nextEvents(received + 20)
    expect(server.status().clients.map((c) => c.id)).toEqual([2])
    healthy.close()
    stalled.destroy()
  })
})
