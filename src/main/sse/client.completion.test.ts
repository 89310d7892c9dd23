import { afterEach, describe, expect, it } from 'vitest'
import { RECONNECT_POLICIES, type ReconnectPolicy } from '../../shared/contract'
import type { Frame } from '../../shared/frames'
import { clientHarness, ofKind } from '../testing/client-harness'
import { SSE_HEADERS } from '../testing/local-server'

const { serve, serveRaw, run, cleanup } = clientHarness()
afterEach(cleanup)

/** An OpenAI-shaped answer; `retry: 1` so a wrong reconnection would come at once. */
const ANSWER =
  'retry: 1\n\n' +
  'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n' +
  'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n' +
  'data: [DONE]\n\n'

const closed = (frames: Frame[]) => frames.some((f) => f.kind === 'close')

describe('SseClient and finished LLM answers', () => {
  it.each([...RECONNECT_POLICIES, undefined] as Array<ReconnectPolicy | undefined>)(
    'a finished POST answer is requested exactly once (reconnect %s)',
    async (reconnect) => {
      const server = await serve((req, res) => {
        req.resume()
        req.on('end', () => {
          res.writeHead(200, SSE_HEADERS)
          res.end(ANSWER)
        })
      })
      const { client, until, frames } = run({ url: server.url, method: 'POST', body: '{"stream":true}', reconnect })
      await until(closed)
      expect(ofKind(frames, 'close')).toEqual([
        expect.objectContaining({ completed: true, reason: expect.stringMatching(/answer completed \(\[DONE\] arrived\)/) })
      ])
      expect(ofKind(frames, 'error')).toEqual([])
      expect(ofKind(frames, 'reconnect')).toEqual([])
      expect(client.state).toBe('closed')
      expect(client.completed).toBe(true)
      // Closed with no timer pending: nothing can send the request again.
      expect(server.requests).toHaveLength(1)
    }
  )

  it('a GET stream that ends after message_stop completes too, even when the connection is cut rather than ended', async () => {
    const server = await serveRaw((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n')
        const body =
          'event: message_start\ndata: {"type":"message_start","message":{"id":"m"}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n'
        socket.write(`${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n`)
        // No terminating chunk: the peer just goes away.
        socket.destroy()
      })
    })
    const { until, frames } = run({ url: server.url, reconnect: 'spec' })
    await until(closed)
    expect(ofKind(frames, 'close')[0]).toMatchObject({ completed: true, reason: expect.stringContaining('message_stop') })
    expect(ofKind(frames, 'error')).toEqual([])
    expect(server.sockets).toHaveLength(1)
  })

  it('an answer cut before its marker is a failure as before: error, then reconnect as the policy says', async () => {
    const server = await serve((_req, res, index) => {
      res.writeHead(200, SSE_HEADERS)
      if (index === 0) res.end('retry: 1\ndata: {"choices":[{"index":0,"delta":{"content":"Hal"}}]}\n\n')
      else res.end(ANSWER)
    })
    const { until, frames } = run({ url: server.url, reconnect: 'spec' })
    await until(closed)
    expect(frames.map((f) => f.kind).filter((k) => k !== 'event' && k !== 'retry')).toEqual([
      'connecting',
      'open',
      'error',
      'reconnect',
      'connecting',
      'open',
      'close'
    ])
    expect(ofKind(frames, 'close')[0]?.completed).toBe(true)
    expect(server.requests).toHaveLength(2)
  })

  it('without a policy, a POST that ends without a marker is not sent again (the default for non-GET is off)', async () => {
    const server = await serve((req, res) => {
      req.resume()
      res.writeHead(200, SSE_HEADERS)
      res.end('retry: 1\ndata: partial\n\n')
    })
    const { until, frames } = run({ url: server.url, method: 'POST', body: '{}' })
    await until(closed)
    expect(ofKind(frames, 'error')).toMatchObject([{ fatal: false, message: 'The server ended the stream.' }])
    expect(ofKind(frames, 'close')[0]).not.toHaveProperty('completed')
    expect(ofKind(frames, 'reconnect')).toEqual([])
    expect(server.requests).toHaveLength(1)
  })
})
