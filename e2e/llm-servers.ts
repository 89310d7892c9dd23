import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { ROOT } from './fixtures'

/** A loopback server that answers every POST with one recorded LLM stream, paced like a model. */
export interface LlmServer {
  url: string
  /** Requests received, with their method, headers and body. */
  requests: Array<{ method: string; headers: IncomingMessage['headers']; body: string }>
  close: () => Promise<void>
}

/** The events of an `.sse` fixture of the LLM core, each with its blank line. */
export function fixtureEvents(name: string): string[] {
  const text = readFileSync(join(ROOT, 'src/shared/llm/fixtures', name), 'utf8')
  return text
    .split(/\n\n+/)
    .map((block) =>
      block
        .split('\n')
        .filter((line) => !line.startsWith(':'))
        .join('\n')
    )
    .filter((block) => block.trim() !== '')
    .map((block) => `${block}\n\n`)
}

/**
 * Starts the server on a free port of 127.0.0.1. Events go out `paceMs` apart; `stallBefore`
 * holds the event at that position back by `stallMs`, the way a model pauses mid-answer.
 */
export async function startLlmServer(
  events: string[],
  options: { paceMs?: number; stallBefore?: number; stallMs?: number } = {}
): Promise<LlmServer> {
  const requests: LlmServer['requests'] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      requests.push({ method: req.method ?? '', headers: req.headers, body })
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      let i = 0
      const next = (): void => {
        if (res.destroyed) return
        if (i >= events.length) {
          res.end()
          return
        }
        res.write(events[i])
        i += 1
        const wait = i === options.stallBefore ? (options.stallMs ?? 0) : (options.paceMs ?? 20)
        setTimeout(next, wait)
      }
      next()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
