import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startLocalServer, startRawServer, type LocalServer, type RawServer } from '../testing/local-server'
import type { CommandContext } from './command-context'
import { main } from './index'

const FIXTURES = join(import.meta.dirname, '../sse/fixtures')
// Test-only key and certificate: see src/main/sse/fixtures/README.md.
const TLS = { key: readFileSync(join(FIXTURES, 'self-signed.key')), cert: readFileSync(join(FIXTURES, 'self-signed.crt')) }

function capture() {
  const out: string[] = []
  const err: string[] = []
  const ctx: CommandContext = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    untilInterrupted: () => new Promise(() => {})
  }
  return { ctx, out, err }
}

let server: LocalServer | RawServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

/** Runs tail and returns its exit code and the one error line it printed. */
async function tail(args: string[]) {
  const { ctx, out, err } = capture()
  const code = await main(['tail', ...args], ctx)
  const errors = out.filter((line) => / (error|fatal) /.test(line))
  expect(errors, out.join('\n')).toHaveLength(1)
  expect(errors[0]).not.toContain('\n')
  return { code, error: errors[0] ?? '', out, err }
}

describe('sse-inspector tail on hostile input', () => {
  it('DNS failure: one readable error line, exit 1', async () => {
    const { code, error, err } = await tail(['http://no-such-host.invalid/stream', '--no-reconnect'])
    expect(code).toBe(1)
    expect(error).toMatch(/ error Could not resolve the host name "no-such-host\.invalid" \((ENOTFOUND|EAI_AGAIN)\)/)
    expect(err).toEqual([])
  })

  it('self-signed certificate: names it, exit 1', async () => {
    server = await startLocalServer(() => {}, { tls: TLS })
    const { code, error } = await tail([`${server.url}/stream`, '--no-reconnect'])
    expect(code).toBe(1)
    expect(error).toMatch(/ error The TLS certificate of 127\.0\.0\.1:\d+ is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/)
  })

  it('a status code that is not a number: malformed HTTP response, exit 1', async () => {
    server = await startRawServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 2OO OK\r\nContent-Type: text/event-stream\r\n\r\n'))
    )
    const { code, error } = await tail([server.url, '--no-reconnect'])
    expect(code).toBe(1)
    expect(error).toMatch(/ error 127\.0\.0\.1:\d+ sent a malformed HTTP response: its status line has an invalid status code/)
  })

  it('not an event stream: fatal even with reconnection on, exit 1, in --json too', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>')
    })
    const { ctx, out } = capture()
    expect(await main(['tail', server.url, '--json'], ctx)).toBe(1)
    const frames = out.map((line) => JSON.parse(line) as { kind: string; fatal?: boolean; message?: string })
    expect(frames.map((f) => f.kind)).toEqual(['connecting', 'error', 'close'])
    expect(frames[1]).toMatchObject({ fatal: true })
    expect(frames[1]?.message).toMatch(/not an event stream: it has "text\/html", but EventSource requires text\/event-stream/)
  })

  it('a URL that is not http(s): fatal before any traffic, exit 1', async () => {
    const { code, error } = await tail(['ftp://127.0.0.1/stream'])
    expect(code).toBe(1)
    expect(error).toMatch(/ fatal ftp: URLs are not supported/)
  })

  it('a -H whose name is not a header name: usage error, exit 2', async () => {
    const { ctx, err } = capture()
    expect(await main(['tail', 'http://127.0.0.1:1/', '-H', 'X Token: abc'], ctx)).toBe(2)
    expect(err.join('\n')).toMatch(/"X Token" is not a valid header name: use letters, digits and -/)
  })
})
