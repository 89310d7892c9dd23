import { readFileSync } from 'node:fs'
import https from 'node:https'
import type { ServerResponse } from 'node:http'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../shared/frames'
import { clientHarness, ofKind } from '../testing/client-harness'
import { SSE_HEADERS } from '../testing/local-server'

const MiB = 1024 * 1024
const FIXTURES = join(import.meta.dirname, 'fixtures')
// Test-only key and certificate (CN=localhost, self-signed): see fixtures/README.md.
const TLS = { key: readFileSync(join(FIXTURES, 'self-signed.key')), cert: readFileSync(join(FIXTURES, 'self-signed.crt')) }

/** What this process really holds: JS heap plus Buffers, after a full collection. */
function liveBytes(): number {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  // Twice: V8 frees dead Buffers' memory concurrently after a collection; the next one waits for it.
  gc()
  gc()
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

const { serve, serveRaw, run, cleanup } = clientHarness()
afterEach(cleanup)

const diagnostic = (frames: Frame[], code: string) => ofKind(frames, 'diagnostic').find((d) => d.code === code)
const hasEvent = (data: string) => (frames: Frame[]) => ofKind(frames, 'event').some((e) => e.data === data)

/**
 * Writes `total` bytes of `fill` to the response in chunks, waiting for the socket to drain, so
 * the server itself never holds more than a chunk: memory growth in the test is the client's.
 */
function writeMany(res: ServerResponse, total: number, chunk: Buffer, onProgress: (sent: number) => void = () => {}): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0
    const more = (): void => {
      while (sent < total) {
        const piece = total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent)
        sent += piece.length
        onProgress(sent)
        if (!res.write(piece)) {
          res.once('drain', more)
          return
        }
      }
      resolve()
    }
    res.once('close', () => (sent < total ? reject(new Error('closed early')) : undefined))
    more()
  })
}

describe('SseClient against hostile streams', () => {
  it('discards a 100 MB line with a diagnostic that counts it, keeps the connection and memory bounded', async () => {
    const lineBytes = 100 * MiB
    let sent = 0
    let sentWhenAnnounced = -1
    // Sampled every 8 MiB sent: the client may hold up to maxLineBytes (16 MiB) while the line
    // might still be valid, and nothing of it once it has said it is discarding.
    const live: Array<{ bytes: number; discarding: boolean }> = []
    const base = liveBytes()
    const server = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.write('data: before\n\ndata: ')
      const prefix = 'data: '.length
      const fill = Buffer.alloc(MiB, 'x')
      void writeMany(res, lineBytes - prefix, fill, (n) => {
        sent = n
        if (n % (8 * MiB) === 0) live.push({ bytes: liveBytes() - base, discarding: sentWhenAnnounced >= 0 })
      }).then(() => res.write('\n\ndata: after\n\n'))
    })
    const { client, frames, until } = run({ url: server.url }, (frame) => {
      if (frame.kind === 'diagnostic' && frame.code === 'discarding') sentWhenAnnounced = sent
    })
    await until(hasEvent('after'))

    expect(ofKind(frames, 'event').map((e) => e.data)).toEqual(['before', 'after'])
    // Said while it was happening, not only once the line ended.
    expect(diagnostic(frames, 'discarding')?.message).toMatch(/A line passed maxLineBytes \(16 MiB\)/)
    expect(sentWhenAnnounced).toBeGreaterThan(0)
    expect(sentWhenAnnounced).toBeLessThan(lineBytes / 2)
    const tooLong = diagnostic(frames, 'line-too-long')
    expect(tooLong).toMatchObject({ level: 'error' })
    expect(tooLong?.message).toContain('1 line (100 MiB) were discarded up to the next blank line')
    // The connection survived: one request, one open, no error.
    expect(ofKind(frames, 'open')).toHaveLength(1)
    expect(ofKind(frames, 'error')).toHaveLength(0)
    expect(server.requests).toHaveLength(1)
    expect(client.state).toBe('open')
    const discarding = live.filter((s) => s.discarding).map((s) => s.bytes)
    expect(discarding.length).toBeGreaterThanOrEqual(4)
    expect(Math.max(...live.map((s) => s.bytes))).toBeLessThan(32 * MiB)
    expect(Math.max(...discarding)).toBeLessThan(8 * MiB)
  })

  /** Data lines forever, never a blank line: a server that forgot to end its events. */
  function endless(line: string) {
    const chunk = Buffer.from(line.repeat(Math.max(1, Math.floor((64 * 1024) / line.length))))
    let sent = 0
    const waiters = new Set<() => void>()
    const serverReady = serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.write('data: before\n\n')
      const more = (): void => {
        while (!res.destroyed) {
          sent += chunk.length
          for (const wake of [...waiters]) wake()
          if (!res.write(chunk)) {
            res.once('drain', more)
            return
          }
        }
      }
      more()
    })
    /** Resolves once the server has handed more than `bytes` to the socket in all. */
    const sentPast = (bytes: number): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (sent <= bytes) return
          waiters.delete(check)
          resolve()
        }
        waiters.add(check)
        check()
      })
    return { serverReady, sent: () => sent, sentPast }
  }

  it('says when an endless event passes maxEventBytes, keeps reading, and counts the discarded bytes at the end', async () => {
    const line = `data: ${'y'.repeat(94)}\n` // 101 bytes
    const { serverReady, sent, sentPast } = endless(line)
    const server = await serverReady
    const { client, frames, until } = run({ url: server.url, parser: { maxEventBytes: 64 * 1024 } })
    await until((f) => diagnostic(f, 'discarding') !== undefined)
    expect(diagnostic(frames, 'discarding')?.message).toMatch(/An event's data passed maxEventBytes \(65536 bytes\) with no blank line/)
    // Still reading: another MiB goes by on the same connection.
    await sentPast(sent() + MiB)
    expect(client.state).toBe('open')
    expect(ofKind(frames, 'error')).toHaveLength(0)
    client.close()
    const tooLarge = diagnostic(frames, 'event-too-large')
    const counted =
      /The (\d+) bytes of data already buffered were dropped, and (\d+) lines \((\d+) bytes.*?\) were discarded up to the end of the stream/.exec(
        tooLarge?.message ?? ''
      )
    expect(counted, tooLarge?.message).not.toBeNull()
    const [buffered, lines, bytes] = counted!.slice(1).map(Number) as [number, number, number]
    // Every data line before the limit is in the buffered count: 94 bytes each, joined by LF.
    expect((buffered + 1) % 95).toBe(0)
    expect(buffered).toBeLessThanOrEqual(64 * 1024)
    expect(lines).toBeGreaterThan(MiB / line.length)
    // Lines are counted without their line ending; the last may have been cut off by the close.
    expect(bytes).toBeGreaterThan((lines - 1) * (line.length - 1))
    expect(bytes).toBeLessThanOrEqual(lines * (line.length - 1))
    expect(frames.at(-1)).toMatchObject({ kind: 'close' })
  })

  it('does the same at the default 64 MiB maxEventBytes', async () => {
    const line = `data: ${'z'.repeat(64 * 1024 - 7)}\n` // 64 KiB per line
    const { serverReady } = endless(line)
    const server = await serverReady
    const { client, frames, until } = run({ url: server.url })
    await until((f) => diagnostic(f, 'discarding') !== undefined)
    expect(diagnostic(frames, 'discarding')?.message).toMatch(/maxEventBytes \(64 MiB\)/)
    expect(ofKind(frames, 'event').map((e) => e.data)).toEqual(['before'])
    expect(client.state).toBe('open')
    client.close()
    // The data of every whole line that still fitted, joined by LF.
    const value = line.length - 'data: \n'.length
    const fitted = Math.floor((64 * MiB + 1) / (value + 1)) * (value + 1) - 1
    expect(diagnostic(frames, 'event-too-large')?.message).toContain(`The ${fitted} bytes (64.0 MiB) of data already buffered were dropped`)
  })

  it('reports a server that accepts and resets the connection before answering, and reconnects per policy', async () => {
    const server = await serveRaw((socket) => socket.resetAndDestroy())
    const spec = run({ url: server.url })
    const frames = await spec.until((f) => ofKind(f, 'reconnect').length === 1)
    expect(ofKind(frames, 'error')[0]).toMatchObject({ fatal: false })
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /127\.0\.0\.1:\d+ (reset the connection|closed the connection without sending a response) \(ECONNRESET/
    )
    expect(ofKind(frames, 'reconnect')[0]).toMatchObject({ delayMs: 3000, attempt: 1 })
    spec.client.close()

    const off = run({ url: server.url, reconnect: 'off' })
    await off.until((f) => f.some((x) => x.kind === 'close'))
    expect(ofKind(off.frames, 'close')[0]?.reason).toMatch(/Reconnection is off/)
  })

  it('reports a reset mid-body, says which partial event was lost, and picks up on the next connection', async () => {
    let first: ServerResponse | null = null
    const server = await serve((_req, res, index) => {
      res.writeHead(200, SSE_HEADERS)
      if (index === 0) {
        first = res
        res.write('retry: 20\nid: 1\ndata: one\n\nid: 2\ndata: par')
      } else res.write('data: two\n\n')
    })
    const { frames, until } = run({ url: server.url })
    await until(hasEvent('one'))
    first!.socket!.resetAndDestroy()
    await until(hasEvent('two'))
    expect(ofKind(frames, 'error')[0]?.message).toMatch(/reset the connection \(ECONNRESET\)|lost mid-stream/)
    const lost = diagnostic(frames, 'unfinished-event-discarded')?.message
    expect(lost).toContain('the id "2" (not committed: the last event ID stays "1")')
    expect(lost).toContain('an unterminated last line "data: par"')
    expect(server.requests[1]?.headers['last-event-id']).toBe('1')
  })

  it('names the certificate problem when an https server is self-signed', async () => {
    const server = await serve(() => {}, { tls: TLS })
    const { frames, until } = run({ url: `${server.url}/stream`, reconnect: 'off' })
    await until((f) => f.some((x) => x.kind === 'close'))
    expect(ofKind(frames, 'error')[0]).toMatchObject({ fatal: false })
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /^The TLS certificate of 127\.0\.0\.1:\d+ is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\), and this machine does not trust it.*NODE_EXTRA_CA_CERTS/
    )
    expect(server.requests).toHaveLength(0)
  })

  describe('with the test certificate trusted', () => {
    const agent = https.globalAgent.options
    afterEach(() => {
      delete agent.ca
    })

    it('streams over https when the certificate is trusted and names the host', async () => {
      agent.ca = TLS.cert
      const server = await serve(
        (_req, res) => {
          res.writeHead(200, SSE_HEADERS)
          res.write('data: secure\n\n')
        },
        { tls: TLS }
      )
      const { frames, until } = run({ url: `https://localhost:${server.port}/stream` })
      await until(hasEvent('secure'))
      expect(ofKind(frames, 'open')[0]?.url).toBe(`https://localhost:${server.port}/stream`)
    })

    it('says the certificate is for another name', async () => {
      agent.ca = TLS.cert
      const server = await serve(() => {}, { tls: TLS })
      const { frames, until } = run({ url: server.url, reconnect: 'off' })
      await until((f) => f.some((x) => x.kind === 'close'))
      expect(ofKind(frames, 'error')[0]?.message).toMatch(
        /is for a different name \(ERR_TLS_CERT_ALTNAME_INVALID: .*127\.0\.0\.1.*Connect with a host name the certificate lists/
      )
    })
  })

  it('says a plain HTTP server on an https: URL does not speak TLS', async () => {
    const server = await serve(() => {})
    const { frames, until } = run({ url: server.url.replace('http:', 'https:'), reconnect: 'off' })
    await until((f) => f.some((x) => x.kind === 'close'))
    expect(ofKind(frames, 'error')[0]?.message).toMatch(/did not answer in TLS \(EPROTO\).*Try the URL with http: instead of https:/)
  })

  it('says a TLS server on an http: URL closed without a response', async () => {
    const server = await serve(() => {}, { tls: TLS })
    const { frames, until } = run({ url: server.url.replace('https:', 'http:'), reconnect: 'off' })
    await until((f) => f.some((x) => x.kind === 'close'))
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /closed the connection without sending any response \(ECONNRESET, socket hang up\).*speaks only TLS on that port.*use https:/
    )
  })

  it('says when the host name cannot be resolved', async () => {
    // .invalid never resolves (RFC 6761), so this needs no network.
    const { frames, until } = run({ url: 'http://no-such-host.invalid/stream', reconnect: 'off' })
    await until((f) => f.some((x) => x.kind === 'close'))
    expect(ofKind(frames, 'error')[0]).toMatchObject({ fatal: false })
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /^Could not resolve the host name "no-such-host\.invalid" \((ENOTFOUND|EAI_AGAIN)\)/
    )
  })

  it.each([
    [
      'a status code that is not a number',
      'HTTP/1.1 2OO OK\r\nContent-Type: text/event-stream\r\n\r\ndata: x\n\n',
      /its status line has an invalid status code \(HPE_INVALID_STATUS\)/
    ],
    [
      'something that is not HTTP',
      'SSH-2.0-OpenSSH_9.6\r\n',
      /does not start with an HTTP status line, so the server may not speak HTTP at all \(HPE_INVALID_CONSTANT\)/
    ],
    [
      'headers over 256 KiB',
      `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(300_000)}\r\n\r\n`,
      /its headers are larger than 256 KiB, the most Chromium accepts \(ERR_RESPONSE_HEADERS_TOO_BIG\)/
    ]
  ])('says the server sent a malformed HTTP response: %s', async (_name, reply, message) => {
    const server = await serveRaw((socket) => socket.once('data', () => socket.end(reply)))
    const { frames, until } = run({ url: server.url, reconnect: 'off' })
    await until((f) => f.some((x) => x.kind === 'close'))
    const error = ofKind(frames, 'error')[0]?.message
    expect(error).toMatch(/^127\.0\.0\.1:\d+ sent a malformed HTTP response: /)
    expect(error).toMatch(message)
    expect(error).toMatch(/curl -v/)
  })

  it('says a garbled compressed body could not be decompressed', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { ...SSE_HEADERS, 'content-encoding': 'gzip' })
      res.end('data: not gzip at all\n\n')
    })
    const { frames, until } = run({ url: server.url, reconnect: 'off' })
    await until((f) => f.some((x) => x.kind === 'close'))
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /could not be decoded: the body is not gzip data, although Content-Encoding says it is \(it starts with "data: not gzip a"; Z_DATA_ERROR/
    )
  })
  it('fails for good, without a request, when a header cannot be put on the wire', async () => {
    const server = await serve(() => {})
    const { frames, until } = run({ url: server.url, headers: [{ name: 'X-Price', value: '5 €' }] })
    await until((f) => f.some((x) => x.kind === 'close'))
    expect(ofKind(frames, 'error')[0]).toMatchObject({ fatal: true })
    expect(ofKind(frames, 'error')[0]?.message).toMatch(
      /^The request cannot be sent: Invalid character in header content \["x-price"\] \(ERR_INVALID_CHAR\)\. Fix that/
    )
    expect(ofKind(frames, 'reconnect')).toHaveLength(0)
    expect(server.requests).toHaveLength(0)
  })
})
