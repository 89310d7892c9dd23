import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FRAME_KINDS, type Frame } from '../../shared/frames'
import { SSE_HEADERS, startLocalServer, type LocalServer } from '../testing/local-server'
import { SseClient } from './client'

/** The chunks the next request gets; each test run sets them before connecting. */
let script: Uint8Array[] = []
let server: LocalServer

beforeAll(async () => {
  server = await startLocalServer((_req, res) => {
    res.writeHead(200, SSE_HEADERS)
    for (const chunk of script) res.write(chunk)
    res.end()
  })
})
afterAll(() => server.close())

/** Bytes that are mostly SSE-shaped (fields, colons, line ends) with random bytes mixed in. */
const sseish = fc.array(
  fc.oneof(
    fc
      .constantFrom('data: ', 'data:', 'event: ', 'id: ', 'retry: ', ': ', '\n', '\r', '\r\n', '\n\n', 'Data:', '\u0000', '\ufeff')
      .map((s) => new TextEncoder().encode(s)),
    fc.uint8Array({ minLength: 0, maxLength: 64 }),
    fc.string({ maxLength: 20 }).map((s) => new TextEncoder().encode(s))
  ),
  { maxLength: 60 }
)

function run(): Promise<Frame[]> {
  return new Promise((resolve, reject) => {
    const frames: Frame[] = []
    const client = new SseClient(
      { connectionId: 'fuzz', url: server.url, reconnect: 'off', parser: { maxLineBytes: 256, maxEventBytes: 512 } },
      (f) => {
        frames.push(f)
        if (f.kind !== 'close') return
        resolve(frames)
        clearTimeout(backstop)
      }
    )
    // Only turns a hang into a readable failure, well before the test's own timeout.
    const backstop = setTimeout(() => reject(new Error(`no close frame; got ${frames.map((f) => f.kind).join(',')}`)), 15_000)
    client.start()
  })
}

describe('SseClient against a server sending random chunks', () => {
  it('never throws, reports only well-formed frames, and ends with one close', async () => {
    await fc.assert(
      fc.asyncProperty(sseish, fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 10 }), async (pieces, cuts) => {
        // Re-split the bytes at random points, so the server's writes straddle everything.
        const bytes = Buffer.concat(pieces)
        script = []
        let at = 0
        for (const cut of cuts) {
          script.push(bytes.subarray(at, at + cut))
          at += cut
        }
        script.push(bytes.subarray(at))
        const frames = await run()
        expect(frames.filter((f) => f.kind === 'close')).toHaveLength(1)
        expect(frames.at(-1)?.kind).toBe('close')
        for (const frame of frames) {
          expect(FRAME_KINDS).toContain(frame.kind)
          expect(frame.connectionId).toBe('fuzz')
          if (frame.kind === 'event') {
            expect(typeof frame.data).toBe('string')
            expect(frame.type.length).toBeGreaterThan(0)
            expect(frame.lastEventId.includes('\u0000')).toBe(false)
          }
          if (frame.kind === 'retry') expect(Number.isInteger(frame.ms)).toBe(true)
        }
      }),
      { numRuns: 60 }
    )
  })
})
