import { afterEach, describe, expect, it } from 'vitest'
import type { ConnectionSummary } from '../../shared/contract'
import type { Frame } from '../../shared/frames'
import { SSE_HEADERS, startLocalServer, type LocalServer } from '../testing/local-server'
import { ConnectionManager } from './connection-manager'

let server: LocalServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

describe('ConnectionManager and completed answers', () => {
  it('reports a connection whose LLM answer completed as closed and completed, and a POST without a policy once', async () => {
    server = await startLocalServer((req, res) => {
      req.resume()
      res.writeHead(200, SSE_HEADERS)
      res.end(
        'retry: 1\ndata: {"type":"start"}\n\ndata: {"type":"text-delta","id":"t","delta":"hi"}\n\ndata: {"type":"finish"}\n\ndata: [DONE]\n\n'
      )
    })
    const states: ConnectionSummary[] = []
    const frames: Frame[] = []
    const done = new Promise<void>((resolve) => {
      const manager = new ConnectionManager({
        frame: (f) => frames.push(f),
        state: (s) => {
          states.push(s)
          if (s.state === 'closed') resolve()
        }
      })
      manager.open({ url: server?.url ?? '', method: 'POST', headers: [], body: '{}' })
    })
    await done
    expect(states.at(-1)).toMatchObject({ state: 'closed', completed: true, method: 'POST' })
    expect(states.slice(0, -1).every((s) => s.completed === undefined)).toBe(true)
    expect(frames.at(-1)).toMatchObject({ kind: 'close', completed: true })
    expect(server.requests).toHaveLength(1)
  })
})
