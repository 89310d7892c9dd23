import { describe, expect, it } from 'vitest'
import type { PushChannel } from '../../shared/channels'
import { AckedPushSender, BacklogLimit, PushLedger } from './push-backlog'

const frame = { kind: 'retry', connectionId: 'c', time: 1, ms: 5 }

describe('the push ledger', () => {
  it('numbers pushes and frames, and says what a client that last saw an id missed', () => {
    const ledger = new PushLedger()
    const first = ledger.record('frames', [frame, frame])
    expect(first).toBe('1.2')
    ledger.record('server:status', {})
    ledger.record('frames', [frame, frame, frame])
    expect(ledger.gapSince(first)).toEqual({ missedUpdates: 2, missedFrames: 3 })
    expect(ledger.gapSince(ledger.currentId())).toBeNull()
  })

  it('turns ids it never gave into no gap rather than nonsense', () => {
    const ledger = new PushLedger()
    ledger.record('frames', [frame])
    for (const bogus of ['5.0', '0.9', '0.' + '9'.repeat(400), 'x.y', '', null, undefined]) expect(ledger.gapSince(bogus)).toBeNull()
  })
})

describe('the backlog limit', () => {
  it('allows the limit beyond the largest unsent message, and forgets it once the backlog empties', () => {
    const limit = new BacklogLimit(100)
    expect(limit.exceeded(100)).toBe(false)
    expect(limit.exceeded(101)).toBe(true)
    limit.sent(50)
    expect(limit.exceeded(150)).toBe(false)
    expect(limit.exceeded(151)).toBe(true)
    expect(limit.exceeded(0)).toBe(false)
    expect(limit.exceeded(101)).toBe(true)
  })
})

describe('pushes to a client that acknowledges them (the desktop window)', () => {
  function client(maxBacklogBytes: number) {
    const sent: { channel: PushChannel; payload: unknown; id: string }[] = []
    const sender = new AckedPushSender((channel, payload, id) => sent.push({ channel, payload, id }), {
      maxBacklogBytes,
      sizeOf: (payload) => (Array.isArray(payload) ? payload.length * 10 : 1)
    })
    return { sent, sender }
  }

  it('sends everything to a window that keeps up', () => {
    const { sent, sender } = client(25)
    for (let i = 0; i < 10; i++) {
      sender.push('frames', [frame, frame])
      sender.ack(sent[sent.length - 1]!.id)
    }
    expect(sent).toHaveLength(10)
    expect(sender.backlogBytes()).toBe(0)
    expect(sent.some((m) => m.channel === 'push:gap')).toBe(false)
  })

  it('stops sending to a window that falls behind, then tells it how many frames it missed', () => {
    const { sent, sender } = client(25)
    sender.push('frames', [frame, frame]) // sent with nothing outstanding; 20 now
    sender.push('frames', [frame, frame]) // 20 is within 25 beyond the largest unsent (20); 40 now
    sender.push('frames', [frame]) // 40 is too; 50 now
    sender.push('server:status', {}) // 50 is not: dropped from here on
    sender.push('frames', [frame, frame, frame])
    expect(sent.map((m) => m.channel)).toEqual(['frames', 'frames', 'frames'])

    // Catching up part of the way is not enough; all of it is.
    sender.ack(sent[1]!.id)
    expect(sent).toHaveLength(3)
    sender.ack(sent[2]!.id)
    expect(sent[3]).toMatchObject({ channel: 'push:gap', payload: { missedUpdates: 2, missedFrames: 3 } })
    // Told once, then the stream goes on.
    sender.ack(sent[3]!.id)
    sender.push('frames', [frame])
    expect(sent.map((m) => m.channel)).toEqual(['frames', 'frames', 'frames', 'push:gap', 'frames'])
    expect(sender.backlogBytes()).toBe(10)
  })

  it('sends again to a window that reloaded while it was held back', () => {
    const { sent, sender } = client(25)
    for (let i = 0; i < 4; i++) sender.push('frames', [frame, frame])
    const held = sent.length
    sender.push('frames', [frame])
    expect(sent).toHaveLength(held)
    // The old page is gone; its acks will never come.
    sender.restart()
    sender.push('frames', [frame])
    expect(sent).toHaveLength(held + 1)
    expect(sender.backlogBytes()).toBe(10)
  })

  it('treats an ack as covering every earlier push, and ignores ids it never sent', () => {
    const { sent, sender } = client(1000)
    sender.push('frames', [frame])
    sender.push('frames', [frame])
    sender.ack('not-an-id')
    sender.ack(42)
    expect(sender.backlogBytes()).toBe(20)
    // A window that reloaded never acks what it lost; the next ack clears it anyway.
    sender.ack(sent[1]!.id)
    expect(sender.backlogBytes()).toBe(0)
  })
})
