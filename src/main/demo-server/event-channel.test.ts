import { describe, expect, it, vi } from 'vitest'
import { DEFAULT_SERVER_CONFIG } from '../../shared/server-config'
import { EventChannel } from './event-channel'
import { manualClock } from './manual-clock'
import { ReplayBuffer } from './replay-buffer'
import type { StreamClient } from './stream-client'

function fakeClient(): StreamClient & { chunks: Array<Buffer | string> } {
  const chunks: Array<Buffer | string> = []
  return { chunks, write: (chunk: Buffer | string) => chunks.push(chunk) } as unknown as StreamClient & {
    chunks: Array<Buffer | string>
  }
}

describe('EventChannel', () => {
  it('encodes each tick once and writes the same Buffer to every subscriber', () => {
    const clock = manualClock()
    const channel = new EventChannel({ ...DEFAULT_SERVER_CONFIG, intervalMs: 100, ids: true }, { replay: new ReplayBuffer(), clock })
    const clients = Array.from({ length: 50 }, fakeClient)
    for (const c of clients) channel.subscribe(c, { kind: 'fresh' })
    const spy = vi.spyOn(Buffer, 'from')
    clock.advance(1000)
    expect(spy).toHaveBeenCalledTimes(10)
    spy.mockRestore()
    for (let tick = 1; tick <= 10; tick++) {
      const first = clients[0]?.chunks.at(-11 + tick)
      for (const c of clients) expect(c.chunks.at(-11 + tick)).toBe(first)
    }
    channel.dispose()
  })

  it('runs only while someone listens, lingering after the last one leaves when ids are on', () => {
    const clock = manualClock()
    const replay = new ReplayBuffer()
    const channel = new EventChannel({ ...DEFAULT_SERVER_CONFIG, intervalMs: 100, ids: true }, { replay, lingerMs: 1050, clock })
    const c = fakeClient()
    channel.subscribe(c, { kind: 'fresh' })
    clock.advance(500)
    expect(channel.lastSeq).toBe(6)
    channel.unsubscribe(c)
    clock.advance(1050)
    expect(channel.lastSeq).toBe(16)
    clock.advance(5000)
    expect(channel.lastSeq).toBe(16)
    expect(clock.pending()).toBe(0)
    expect(replay.newest()?.id).toBe(16)
    channel.dispose()
  })
})
