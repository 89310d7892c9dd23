import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { SSE_HEADERS, startLocalServer, startRawServer, type LocalServer, type RawServer } from '../testing/local-server'
import type { CommandContext } from './command-context'
import { main } from './index'
import { runParse } from './parse-command'
import { NO_COLORS, sanitizeForTerminal } from './terminal-format'

const CAPTURE = join(import.meta.dirname, 'fixtures/capture.sse')

function capture(interrupt?: Promise<void>, stdin = '') {
  const out: string[] = []
  const err: string[] = []
  const ctx: CommandContext = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    untilInterrupted: () => interrupt ?? new Promise(() => {}),
    readStdin: () => Promise.resolve(Buffer.from(stdin))
  }
  return { ctx, out, err, json: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) }
}

let server: LocalServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

describe('sse-inspector parse', () => {
  it('--summary counts events, comments and bytes of a capture', async () => {
    const { ctx, json } = capture()
    expect(await main(['parse', CAPTURE, '--summary'], ctx)).toBe(0)
    const [summary] = json()
    expect(summary).toMatchObject({
      events: 2,
      comments: 1,
      retry: 2500,
      lastEventId: '7',
      types: { greet: 1, message: 1 },
      diagnostics: { 'unknown-field': 1, 'unfinished-event-discarded': 1 }
    })
    expect(summary?.['bytes']).toBeGreaterThan(90)
  })

  it('--json prints one frame per line in the shared schema', async () => {
    const { ctx, json } = capture()
    expect(await main(['parse', CAPTURE, '--json'], ctx)).toBe(0)
    const events = json().filter((f) => f['kind'] === 'event')
    expect(events[0]).toMatchObject({ type: 'greet', data: 'hello\nworld', id: '7', lastEventId: '7' })
    expect(events[1]).toMatchObject({ type: 'message', data: '{"n":1}', lastEventId: '7' })
  })

  it('reads standard input with -', async () => {
    const stdin = new PassThrough()
    stdin.end('data: from stdin\n\n')
    const { ctx, json } = capture()
    expect(await runParse({ source: '-', output: 'json', palette: NO_COLORS, stdin }, ctx)).toBe(0)
    expect(json()[0]).toMatchObject({ kind: 'event', data: 'from stdin' })
  })

  it('says clearly when the file does not exist', async () => {
    const { ctx, err } = capture()
    expect(await main(['parse', '/no/such/file.sse'], ctx)).toBe(1)
    expect(err.join('\n')).toContain('No such file: /no/such/file.sse')
  })
})

describe('sse-inspector tail', () => {
  it('--json --no-reconnect writes every frame as JSON and exits 0 when the stream ends', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('event: a\ndata: 1\n\ndata: 2\n\n')
    })
    const { ctx, json } = capture()
    expect(await main(['tail', server.url, '--json', '--no-reconnect'], ctx)).toBe(0)
    const frames = json()
    expect(frames.map((f) => f['kind'])).toEqual(['connecting', 'open', 'event', 'event', 'error', 'close'])
    expect(frames[2]).toMatchObject({ kind: 'event', type: 'a', data: '1', lastEventId: '' })
  })

  it('says once, on stderr, that --reconnect spec or backoff re-sends a POST; not for GET or off', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('data: 1\n\n')
    })
    const note = /every reconnection sends this POST again/
    for (const [args, expected] of [
      [['-d', 'x', '--reconnect', 'spec'], 1],
      [['-X', 'post', '--reconnect', 'backoff'], 1],
      [['-d', 'x'], 0],
      [['--reconnect', 'spec'], 0]
    ] as const) {
      const { ctx, err } = capture()
      expect(await main(['tail', server.url, '--max-events', '1', ...args], ctx)).toBe(0)
      expect(
        err.filter((line) => note.test(line)),
        args.join(' ')
      ).toHaveLength(expected)
    }
  })

  it('--summary alone still says on stderr why the stream failed', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' })
      res.end('overloaded')
    })
    const { ctx, out, err } = capture()
    expect(await main(['tail', server.url, '--summary'], ctx)).toBe(1)
    expect(out).toHaveLength(1)
    expect(JSON.parse(out[0] as string)).toMatchObject({ events: 0, bytes: 0 })
    expect(err.join('\n')).toMatch(/503/)
  })

  it('--max-events N exits 0 after N events', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      let n = 0
      const timer = setInterval(() => res.write(`data: ${++n}\n\n`), 5)
      res.on('close', () => clearInterval(timer))
    })
    const { ctx, json } = capture()
    expect(await main(['tail', server.url, '--json', '--max-events', '3'], ctx)).toBe(0)
    expect(
      json()
        .filter((f) => f['kind'] === 'event')
        .map((f) => f['data'])
    ).toEqual(['1', '2', '3'])
  })

  it('--max-events exits 0 when the last event arrives in the same read as the end of a chunked body', async () => {
    const body = 'data: 1\n\ndata: 2\n\ndata: 3\n\n'
    const raw: RawServer = await startRawServer((socket) => {
      socket.once('data', () =>
        socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n' +
            `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`
        )
      )
    })
    try {
      const { ctx, json } = capture()
      expect(await main(['tail', raw.url, '--json', '--max-events', '3'], ctx)).toBe(0)
      expect(json().at(-1)).toMatchObject({ kind: 'close', reason: 'Received 3 events (--max-events)' })
    } finally {
      await raw.close()
    }
  })

  it('exits non-zero by itself after a fatal error', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{}')
    })
    const { ctx, out } = capture()
    expect(await main(['tail', server.url], ctx)).toBe(1)
    expect(out.join('\n')).toMatch(/fatal The response is not an event stream/)
  })

  it('sends method, headers and body like curl', async () => {
    let body = ''
    server = await startLocalServer((req, res) => {
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        res.writeHead(200, SSE_HEADERS)
        res.end('data: ok\n\n')
      })
    })
    const { ctx } = capture()
    const code = await main(['tail', server.url, '-X', 'post', '-H', 'Authorization: Bearer t0k', '-d', '{"q":1}', '--no-reconnect'], ctx)
    expect(code).toBe(0)
    expect(server.requests[0]?.method).toBe('POST')
    expect(server.requests[0]?.headers.authorization).toBe('Bearer t0k')
    expect(body).toBe('{"q":1}')
  })

  /** A server that records each request's method, headers and body, and sends one event. */
  async function echoServer(): Promise<{ bodies: string[] }> {
    const bodies: string[] = []
    server = await startLocalServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        bodies.push(body)
        res.writeHead(200, SSE_HEADERS)
        res.end('data: ok\n\n')
      })
    })
    return { bodies }
  }

  it('-d without -X sends a POST with a form content type, as curl does, or JSON for a JSON body; -H Content-Type wins', async () => {
    const { bodies } = await echoServer()
    const { ctx, json } = capture()
    expect(await main(['tail', server!.url, '-d', 'q=1', '--no-reconnect', '--json'], ctx)).toBe(0)
    expect(server!.requests[0]?.method).toBe('POST')
    expect(server!.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(bodies[0]).toBe('q=1')
    expect(json()[0]).toMatchObject({ kind: 'connecting', method: 'POST', headers: { 'content-length': '3' } })
    // The APIs people stream from refuse a JSON body sent as a form.
    expect(await main(['tail', server!.url, '-d', '{"q":1}', '--no-reconnect'], capture().ctx)).toBe(0)
    expect(server!.requests[1]?.headers['content-type']).toBe('application/json')
    expect(bodies[1]).toBe('{"q":1}')
    const typed = capture()
    await main(['tail', server!.url, '-H', 'Content-Type: text/plain', '--data-raw', '{}', '--no-reconnect'], typed.ctx)
    expect(server!.requests[2]?.method).toBe('POST')
    expect(server!.requests[2]?.headers['content-type']).toBe('text/plain')
  })

  it('--allow-insecure-redirects resends the body on a 307 to another origin; without it the body stays behind', async () => {
    const { bodies } = await echoServer()
    const redirector = await startLocalServer((req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(307, { location: `${server!.url}/next` })
        res.end()
      })
    })
    try {
      const withheld = capture()
      expect(await main(['tail', redirector.url, '--data-raw', '{"api_key":"k-123456"}', '--no-reconnect', '--json'], withheld.ctx)).toBe(0)
      expect(bodies[0]).toBe('')
      expect(withheld.json().find((f) => f['kind'] === 'diagnostic')).toMatchObject({ code: 'redirect-body-dropped' })
      const allowed = capture()
      const args = ['tail', redirector.url, '--data-raw', '{"api_key":"k-123456"}', '--no-reconnect', '--allow-insecure-redirects']
      expect(await main(args, allowed.ctx)).toBe(0)
      expect(bodies[1]).toBe('{"api_key":"k-123456"}')
    } finally {
      await redirector.close()
    }
  })

  it('-d @file and @- read the body as curl does; --data-raw keeps a leading @; values join with &', async () => {
    const { bodies } = await echoServer()
    // CRLF and LF line ends, as an editor may leave them.
    const file = join(import.meta.dirname, 'fixtures/body-crlf.json')
    expect(await main(['tail', server!.url, '-d', `@${file}`, '--no-reconnect'], capture().ctx)).toBe(0)
    expect(bodies[0]).toBe('{  "model": "x",  "stream": true}')
    expect(await main(['tail', server!.url, '-d', '@-', '--no-reconnect'], capture(undefined, 'a=1\n').ctx)).toBe(0)
    expect(bodies[1]).toBe('a=1')
    expect(await main(['tail', server!.url, '--data-raw', '@me', '-d', 'b=2', '--no-reconnect'], capture().ctx)).toBe(0)
    expect(bodies[2]).toBe('@me&b=2')
  })

  it('-d @file that cannot be read is a usage error that names the file, and nothing is sent', async () => {
    await echoServer()
    const { ctx, err } = capture()
    expect(await main(['tail', server!.url, '-d', '@/no/such/body.json'], ctx)).toBe(2)
    expect(err.join('\n')).toMatch(/Cannot read the request body from "\/no\/such\/body.json".*no such file.*--data-raw/)
    expect(server!.requests).toHaveLength(0)
  })

  it('--max-line-bytes raises the line limit, and the diagnostic says how to raise it', async () => {
    const line = `data: ${'x'.repeat(2000)}\n\n`
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end(line)
    })
    const small = capture()
    expect(await main(['tail', server.url, '--json', '--no-reconnect', '--max-line-bytes', '1KiB'], small.ctx)).toBe(0)
    const tooLong = small.json().find((f) => f['code'] === 'line-too-long')
    expect(tooLong?.['message']).toMatch(/maxLineBytes \(1024 bytes\).*run tail again with a larger --max-line-bytes/)
    const big = capture()
    expect(await main(['tail', server.url, '--json', '--no-reconnect', '--max-line-bytes', '4096'], big.ctx)).toBe(0)
    expect(big.json().filter((f) => f['kind'] === 'event')).toHaveLength(1)
    const bad = capture()
    expect(await main(['tail', server.url, '--max-line-bytes', '12 parsecs'], bad.ctx)).toBe(2)
    expect(bad.err.join('\n')).toMatch(/--max-line-bytes takes a size from 1KiB to 256MiB/)
  })

  it('rejects a header line without a colon', async () => {
    const { ctx, err } = capture()
    expect(await main(['tail', 'http://127.0.0.1:1/', '-H', 'NoColonHere'], ctx)).toBe(2)
    expect(err.join('\n')).toMatch(/has no name and colon/)
  })

  it('escapes terminal control sequences in stream data', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end('data: \u001b[2J\u001b]0;pwned\u0007 hi\n\n')
    })
    const { ctx, out } = capture()
    expect(await main(['tail', server.url, '--no-reconnect'], ctx)).toBe(0)
    const line = out.find((l) => l.includes('hi')) ?? ''
    expect(line).not.toContain('\u001b')
    expect(line).toContain('\\x1b[2J\\x1b]0;pwned\\x07 hi')
    expect(sanitizeForTerminal('a\tb\nc')).toBe('a\tb\\nc')
  })
})

describe('sse-inspector serve', () => {
  it('exits 1 on a busy port and says so once, with what to do', async () => {
    server = await startLocalServer((_req, res) => res.end('taken'))
    const { ctx, err } = capture(Promise.resolve())
    expect(await main(['serve', '--port', String(server.port)], ctx)).toBe(1)
    const said = err.filter((l) => l.includes(`Port ${server?.port}`))
    expect(said).toHaveLength(1)
    expect(said[0]).toMatch(/already in use.*--port 0/)
  })
})

describe('sse-inspector usage', () => {
  it.each(['serve', 'web', 'tail', 'parse'])("%s --help prints that command's help with its flags", async (command) => {
    const { ctx, out } = capture()
    expect(await main([command, '--help'], ctx)).toBe(0)
    const text = out.join('\n')
    expect(text).toMatch(new RegExp(`^${command}: .*\\nUsage: sse-inspector ${command}`))
    expect(text).toContain('-h, --help')
    if (command === 'tail') {
      for (const flag of ['--max-line-bytes', '--data-raw', '-d, --data', '-X, --method', '--reconnect']) expect(text).toContain(flag)
    }
    const short = capture()
    expect(await main([command, '-h'], short.ctx)).toBe(0)
    expect(short.out).toEqual(out)
  })

  it('--help lists every command with how to get its own help', async () => {
    const { ctx, out } = capture()
    expect(await main(['--help'], ctx)).toBe(0)
    expect(out.join('\n')).toContain('sse-inspector <command> --help')
    for (const command of ['serve', 'web', 'tail', 'parse']) expect(out.join('\n')).toContain(`Usage: sse-inspector ${command}`)
  })

  it('prints help and refuses unknown commands', async () => {
    const help = capture()
    expect(await main(['--help'], help.ctx)).toBe(0)
    expect(help.out.join('\n')).toMatch(/serve.*\n.*web.*\n.*tail.*\n.*parse/)
    const bad = capture()
    expect(await main(['frobnicate'], bad.ctx)).toBe(2)
    expect(bad.err.join('\n')).toContain('Unknown command "frobnicate"')
  })
})
