import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { join } from 'node:path'
import { createProxy, type ProxyServer } from 'proxy'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../shared/frames'
import { clientHarness, ofKind } from '../testing/client-harness'
import { SSE_HEADERS } from '../testing/local-server'
import { chooseProxy } from './proxy'

const FIXTURES = join(import.meta.dirname, 'fixtures')
const TLS = { key: readFileSync(join(FIXTURES, 'self-signed.key')), cert: readFileSync(join(FIXTURES, 'self-signed.crt')) }
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy']

// Proxy variables from the machine running the tests must not leak in, and tests that set them
// must not leak out.
let saved: Record<string, string | undefined> = {}
beforeEach(() => {
  saved = Object.fromEntries(PROXY_VARS.map((name) => [name, process.env[name]]))
  for (const name of PROXY_VARS) delete process.env[name]
})

const { serve, run, cleanup } = clientHarness()
let proxies: Server[] = []
// Tunnelled sockets outlive server.close(); these are destroyed after each test.
const sockets = new Set<Socket>()
afterEach(async () => {
  for (const name of PROXY_VARS) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
  await cleanup()
  for (const socket of sockets) socket.destroy()
  sockets.clear()
  await Promise.all(proxies.map((p) => new Promise((resolve) => p.close(resolve))))
  proxies = []
})

const events = (frames: Frame[]) => ofKind(frames, 'event').map((e) => e.data)
const closed = (frames: Frame[]) => frames.some((f) => f.kind === 'close')

async function listen<T extends Server>(server: T): Promise<{ server: T; url: string }> {
  proxies.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.on('connection', (socket: Socket) => sockets.add(socket))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** The `proxy` package's forward proxy on loopback, recording what it was asked for. */
async function startProxy(): Promise<{ url: string; asked: string[]; proxy: ProxyServer }> {
  const asked: string[] = []
  const proxy = createProxy(createServer())
  proxy.prependListener('request', (req: IncomingMessage) => asked.push(`${req.method} ${req.url}`))
  proxy.prependListener('connect', (req: IncomingMessage) => asked.push(`CONNECT ${req.url}`))
  const { url } = await listen(proxy)
  return { url, asked, proxy }
}

describe('chooseProxy', () => {
  const target = (url: string) => new URL(url)

  it('reads HTTPS_PROXY for https: and HTTP_PROXY for http:, in either case, as curl does', () => {
    process.env.https_proxy = 'http://tunnel.example:3128'
    process.env.HTTP_PROXY = 'proxy.example:8080'
    expect(chooseProxy(target('https://api.example/stream'))?.url.href).toBe('http://tunnel.example:3128/')
    // No scheme means http://, as in curl.
    expect(chooseProxy(target('http://api.example/stream'))).toMatchObject({ source: 'environment' })
    expect(chooseProxy(target('http://api.example/stream'))?.url.href).toBe('http://proxy.example:8080/')
  })

  it('falls back to ALL_PROXY', () => {
    process.env.ALL_PROXY = 'http://all.example:1'
    expect(chooseProxy(target('https://api.example/'))?.url.host).toBe('all.example:1')
  })

  it.each([
    ['*', 'https://api.example/'],
    ['api.example', 'https://api.example/'],
    ['.example', 'https://api.example/'],
    ['other.test, api.example:443', 'https://api.example/'],
    ['example', 'https://api.example/'],
    ['example.', 'https://api.example./'],
    ['10.0.0.0/8', 'https://10.1.2.3/'],
    ['10.1.2.3', 'https://10.1.2.3:8443/'],
    ['fd00::/8', 'https://[fd12::1]/'],
    ['API.EXAMPLE', 'https://api.example/']
  ])('skips hosts NO_PROXY=%s lists', (noProxy, url) => {
    process.env.HTTPS_PROXY = 'http://tunnel.example:3128'
    process.env.no_proxy = noProxy
    expect(chooseProxy(target(url))).toBeNull()
  })

  it.each([
    ['api.example:8443,internal.test', 'https://api.example/'],
    ['example', 'https://nonexample/'],
    ['10.0.0.0/8', 'https://11.0.0.1/'],
    ['10.1.2.3', 'https://10.1.2.4/']
  ])('still proxies hosts NO_PROXY=%s does not cover (%s)', (noProxy, url) => {
    process.env.HTTPS_PROXY = 'http://tunnel.example:3128'
    process.env.NO_PROXY = noProxy
    expect(chooseProxy(target(url))).not.toBeNull()
  })

  it('never sends loopback through a proxy from the environment', () => {
    process.env.HTTP_PROXY = 'http://proxy.example:8080'
    for (const url of ['http://127.0.0.1:8844/stream', 'http://localhost/', 'http://[::1]:1/', 'http://app.localhost/']) {
      expect(chooseProxy(target(url))).toBeNull()
    }
  })

  it('lets an explicit setting override the environment, loopback included, and "direct" turn it off', () => {
    process.env.HTTP_PROXY = 'http://proxy.example:8080'
    expect(chooseProxy(target('http://127.0.0.1/'), 'http://mine.example:1')).toMatchObject({ source: 'setting' })
    expect(chooseProxy(target('http://api.example/'), 'direct')).toBeNull()
    expect(chooseProxy(target('http://api.example/'), '')).toBeNull()
  })

  it('refuses a proxy it cannot speak to, saying why', () => {
    expect(() => chooseProxy(target('http://api.example/'), 'socks5://127.0.0.1:1080')).toThrow(
      /uses socks5, but the inspector only speaks to http: and https: proxies/
    )
    expect(() => chooseProxy(target('http://api.example/'), 'http://[nope')).toThrow(/is not a URL/)
  })
})

describe('SseClient through a proxy', () => {
  it('sends an http: stream through an HTTP proxy and says so on the open frame', async () => {
    const { url: proxyUrl, asked } = await startProxy()
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('data: proxied\n\n')
    })
    const { frames, until } = run({ url: `${server.url}/stream`, reconnect: 'off', proxy: proxyUrl })
    await until(closed)
    expect(events(frames)).toEqual(['proxied'])
    expect(ofKind(frames, 'open')[0]?.proxy).toBe(proxyUrl)
    expect(asked).toEqual([`GET ${server.url}/stream`])
  })

  it('tunnels an https: stream with CONNECT, and -k accepts its self-signed certificate with a warning', async () => {
    const { url: proxyUrl, asked } = await startProxy()
    const server = await serve(
      (_req, res) => {
        res.writeHead(200, SSE_HEADERS)
        res.end('data: tunnelled\n\n')
      },
      { tls: TLS }
    )
    const { frames, until } = run({ url: `${server.url}/stream`, reconnect: 'off', proxy: proxyUrl, insecure: true })
    await until(closed)
    expect(events(frames)).toEqual(['tunnelled'])
    expect(asked).toEqual([`CONNECT 127.0.0.1:${server.port}`])
    expect(ofKind(frames, 'open')[0]).toMatchObject({ proxy: proxyUrl, insecure: true })
    expect(ofKind(frames, 'diagnostic').find((d) => d.code === 'tls-not-verified')?.message).toMatch(
      /did not verify \(DEPTH_ZERO_SELF_SIGNED_CERT\) and was accepted anyway/
    )
  })

  it('keeps certificate checks on through a tunnel without -k', async () => {
    const { url: proxyUrl } = await startProxy()
    const server = await serve(() => {}, { tls: TLS })
    const { frames, until } = run({ url: `${server.url}/stream`, reconnect: 'off', proxy: proxyUrl })
    await until(closed)
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\).*\(The connection went through the proxy at http:\/\/127\.0\.0\.1:\d+\.\)/
    )
  })

  it('says the proxy refused the connection, not the server', async () => {
    const { server: closedProxy, url: deadProxy } = await listen(createServer())
    await new Promise((resolve) => closedProxy.close(resolve))
    const { frames, until } = run({ url: 'http://api.example/stream', reconnect: 'off', proxy: deadProxy })
    await until(closed)
    expect(ofKind(frames, 'error')[0]).toMatchObject({ fatal: false })
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /^The proxy at http:\/\/127\.0\.0\.1:\d+ failed: the connection was refused: nothing is listening on that port \(ECONNREFUSED\)\. The server itself was not reached/
    )
  })

  it.each([
    ['http:', false],
    ['https:', true]
  ])('says a %s proxy 407 is the proxy wanting credentials, and stops', async (_scheme, tls) => {
    const { url: proxyUrl, proxy } = await startProxy()
    proxy.authenticate = () => false
    const server = await serve(() => {}, tls ? { tls: TLS } : undefined)
    const { frames, until } = run({ url: `${server.url}/stream`, proxy: proxyUrl })
    await until(closed)
    expect(ofKind(frames, 'error')[0]).toMatchObject({ fatal: true })
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /^The proxy at http:\/\/127\.0\.0\.1:\d+ wants credentials: it answered 407 Proxy Authentication Required.*http:\/\/user:password@host:port/
    )
    expect(server.requests).toHaveLength(0)
  })

  it.each([
    ['http:', false],
    ['https:', true]
  ])('sends the credentials in the proxy URL to a %s proxy, and never shows them', async (_scheme, tls) => {
    const { url: proxyUrl, proxy } = await startProxy()
    const expected = `Basic ${Buffer.from('user:pa ss').toString('base64')}`
    proxy.authenticate = (req) => req.headers['proxy-authorization'] === expected
    const server = await serve(
      (_req, res) => {
        res.writeHead(200, SSE_HEADERS)
        res.end('data: authenticated\n\n')
      },
      tls ? { tls: TLS } : undefined
    )
    const withCredentials = proxyUrl.replace('http://', 'http://user:pa%20ss@')
    const { frames, until } = run({ url: `${server.url}/stream`, reconnect: 'off', proxy: withCredentials, insecure: tls })
    await until(closed)
    expect(events(frames)).toEqual(['authenticated'])
    expect(JSON.stringify(frames)).not.toContain('pa%20ss')
    expect(ofKind(frames, 'open')[0]?.proxy).toBe(proxyUrl)
  })

  it('says when the proxy refuses the credentials in its URL', async () => {
    const { url: proxyUrl, proxy } = await startProxy()
    proxy.authenticate = () => false
    const { frames, until } = run({ url: 'http://api.example/stream', proxy: proxyUrl.replace('http://', 'http://user:wrong@') })
    await until(closed)
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /wants credentials: .*It refused the user name and password in the proxy URL; check them/
    )
  })

  it('says the tunnel failed when the proxy cannot reach the server', async () => {
    const { url: proxyUrl } = await startProxy()
    const { server: gone, url: goneUrl } = await listen(createServer())
    await new Promise((resolve) => gone.close(resolve))
    const { frames, until } = run({ url: goneUrl.replace('http:', 'https:'), reconnect: 'off', proxy: proxyUrl })
    await until(closed)
    expect(ofKind(frames, 'error')[0]).toMatchObject({ fatal: false })
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /^The proxy at http:\/\/127\.0\.0\.1:\d+ would not open a tunnel to 127\.0\.0\.1:\d+: it answered the CONNECT with 500/
    )
  })

  it('follows HTTP_PROXY from the environment for a non-loopback host', async () => {
    // A stand-in proxy that answers for the target itself, so no name is ever resolved.
    const seen: string[] = []
    const { url: proxyUrl } = await listen(
      createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`)
        res.writeHead(200, SSE_HEADERS)
        res.end('data: from env proxy\n\n')
      })
    )
    process.env.http_proxy = proxyUrl
    const { frames, until } = run({ url: 'http://stream.example/sse', reconnect: 'off' })
    await until(closed)
    expect(seen).toEqual(['GET http://stream.example/sse'])
    expect(events(frames)).toEqual(['from env proxy'])
  })

  it('connects directly to loopback even with HTTP_PROXY set', async () => {
    process.env.HTTP_PROXY = 'http://127.0.0.1:9'
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('data: direct\n\n')
    })
    const { frames, until } = run({ url: server.url, reconnect: 'off' })
    await until(closed)
    expect(events(frames)).toEqual(['direct'])
    expect(ofKind(frames, 'open')[0]?.proxy).toBeUndefined()
  })
})

describe('insecure mode', () => {
  it('accepts a self-signed certificate only when asked, and says so on the connection', async () => {
    const server = await serve(
      (_req, res) => {
        res.writeHead(200, SSE_HEADERS)
        res.end('data: unverified\n\n')
      },
      { tls: TLS }
    )
    const strict = run({ url: server.url, reconnect: 'off' })
    await strict.until(closed)
    expect(events(strict.frames)).toEqual([])
    const insecure = run({ url: server.url, reconnect: 'off', insecure: true })
    await insecure.until(closed)
    expect(events(insecure.frames)).toEqual(['unverified'])
    expect(ofKind(insecure.frames, 'open')[0]?.insecure).toBe(true)
    expect(ofKind(insecure.frames, 'diagnostic')[0]).toMatchObject({ level: 'warning', code: 'tls-not-verified' })
  })
})
