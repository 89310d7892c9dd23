import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SSE_HEADERS, startLocalServer, type LocalServer } from '../testing/local-server'
import type { CommandContext } from './command-context'
import { main } from './index'

const FIXTURES = join(import.meta.dirname, '../sse/fixtures')
const TLS = { key: readFileSync(join(FIXTURES, 'self-signed.key')), cert: readFileSync(join(FIXTURES, 'self-signed.crt')) }

function capture() {
  const out: string[] = []
  const ctx: CommandContext = { stdout: (line) => out.push(line), stderr: () => {}, untilInterrupted: () => new Promise(() => {}) }
  return { ctx, frames: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) }
}

let server: LocalServer | null = null
let proxy: Server | null = null
afterEach(async () => {
  await server?.close()
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)))
  server = null
  proxy = null
})

describe('sse-inspector tail -k and --proxy', () => {
  it('-k accepts a self-signed certificate and marks the stream; without it the certificate is refused', async () => {
    server = await startLocalServer(
      (_req, res) => {
        res.writeHead(200, SSE_HEADERS)
        res.end('data: hi\n\n')
      },
      { tls: TLS }
    )
    const strict = capture()
    expect(await main(['tail', server.url, '--json', '--no-reconnect'], strict.ctx)).toBe(1)
    expect(strict.frames().find((f) => f['kind'] === 'error')?.['message']).toMatch(/self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/)

    const insecure = capture()
    expect(await main(['tail', server.url, '--json', '--no-reconnect', '-k'], insecure.ctx)).toBe(0)
    const frames = insecure.frames()
    expect(frames.find((f) => f['kind'] === 'open')).toMatchObject({ insecure: true })
    expect(frames.find((f) => f['kind'] === 'diagnostic')).toMatchObject({ level: 'warning', code: 'tls-not-verified' })
    expect(frames.find((f) => f['kind'] === 'event')).toMatchObject({ data: 'hi' })
  })

  it('--proxy sends the request through the proxy, even to a loopback host', async () => {
    const seen: string[] = []
    // A stand-in proxy that answers for the target itself.
    proxy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`)
      res.writeHead(200, SSE_HEADERS)
      res.end('data: via proxy\n\n')
    })
    await new Promise<void>((resolve) => proxy?.listen(0, '127.0.0.1', resolve))
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    const { ctx, frames } = capture()
    expect(await main(['tail', 'http://127.0.0.1:9/stream', '--json', '--no-reconnect', '--proxy', proxyUrl], ctx)).toBe(0)
    expect(seen).toEqual(['GET http://127.0.0.1:9/stream'])
    expect(frames().find((f) => f['kind'] === 'open')).toMatchObject({ proxy: proxyUrl })
  })

  it('--proxy with a scheme it cannot use fails at once, saying why', async () => {
    const { ctx, frames } = capture()
    expect(await main(['tail', 'http://127.0.0.1:9/', '--json', '--proxy', 'socks5://127.0.0.1:1080'], ctx)).toBe(1)
    expect(frames().find((f) => f['kind'] === 'error')).toMatchObject({ fatal: true })
  })
})
