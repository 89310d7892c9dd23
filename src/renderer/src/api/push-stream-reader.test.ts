import { describe, expect, it } from 'vitest'
import { PushStreamReader } from './push-stream-reader'

describe('the push stream reader', () => {
  it('reads messages split anywhere, skipping comments and retry, and remembers the last id', () => {
    const text = 'retry: 1000\n\n: keepalive\n\nid: 3.7\nevent: frames\ndata: [1,2]\n\nevent: server:status\ndata: {"a":1}\n\n'
    const reader = new PushStreamReader()
    const messages = []
    for (const ch of text) messages.push(...reader.feed(ch))
    expect(messages).toEqual([
      { id: '3.7', event: 'frames', data: '[1,2]' },
      { id: '3.7', event: 'server:status', data: '{"a":1}' }
    ])
    expect(reader.lastEventId).toBe('3.7')
  })

  it('joins data lines, defaults the type to message, and accepts CRLF', () => {
    const reader = new PushStreamReader()
    expect(reader.feed('data: a\r\ndata:b\r\n\r\n')).toEqual([{ id: null, event: 'message', data: 'a\nb' }])
  })

  it('drops a half-received message when the connection is reset, keeping the last id', () => {
    const reader = new PushStreamReader()
    reader.feed('id: 1.1\ndata: x\n\nid: 2.2\nevent: frames\ndata: [')
    reader.reset()
    expect(reader.lastEventId).toBe('1.1')
    expect(reader.feed('data: y\n\n')).toEqual([{ id: '1.1', event: 'message', data: 'y' }])
  })
})
