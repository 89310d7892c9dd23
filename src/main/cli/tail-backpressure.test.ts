import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SSE_HEADERS, startLocalServer, type LocalServer } from '../testing/local-server'

/**
 * Issue #13 finding 6: with a reader that stops reading (`tail … | less`, paused), tail must not
 * hold the stream in memory. The CLI runs in a process of its own with its stdout pipe unread;
 * how much a fast server manages to write meanwhile is bounded by the socket and pipe buffers
 * (loopback's receive buffer may grow to tcp_rmem's maximum, 32 MiB here), not by the stream.
 */
const ROOT = join(import.meta.dirname, '../../..')
const MIB = 1024 * 1024
/** What the server sends in all: well past every buffer between it and the paused reader. */
const TOTAL_BYTES = 96 * MIB
/** What it may get out while nobody reads: the kernel's buffers and a few blocks in tail. */
const BOUND_BYTES = 48 * MIB
const DATA = 'x'.repeat(1000)

interface Source {
  written: number
  events: number
  /** Waiting for 'drain': the reader is not taking more. */
  blocked: boolean
  done: boolean
}

let server: LocalServer | null = null
let running: ChildProcess | null = null
afterEach(async () => {
  if (running?.exitCode === null) running.kill()
  running = null
  await server?.close()
  server = null
})

/**
 * Resolves when the server got out more than BOUND_BYTES or all of it (tail read on into memory),
 * or when it is held back: blocked on 'drain', with nothing more written over 20 checks in a row
 * (a second or so; on the old code the reader keeps taking bytes, so this never holds).
 */
function heldBackOrPast(source: Source): Promise<void> {
  return new Promise((resolve) => {
    let last = -1
    let still = 0
    const check = (): void => {
      if (source.written > BOUND_BYTES || source.done) return resolve()
      still = source.blocked && source.written === last ? still + 1 : 0
      last = source.written
      if (still >= 20) return resolve()
      setTimeout(check, 50)
    }
    check()
  })
}

describe('tail with a reader that stops reading', { timeout: 180_000 }, () => {
  it('stops reading the stream while stdout is full, then delivers every event once it is read again', async () => {
    const source: Source = { written: 0, events: 0, blocked: false, done: false }
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      const pump = (): void => {
        source.blocked = false
        while (source.written < TOTAL_BYTES) {
          let block = ''
          while (block.length < 64 * 1024) block += `id: ${++source.events}\ndata: ${DATA}\n\n`
          source.written += block.length
          if (!res.write(block)) {
            source.blocked = true
            res.once('drain', pump)
            return
          }
        }
        source.done = true
        res.end()
      }
      pump()
    })

    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        join(ROOT, 'src/main/testing/cli-entry.ts'),
        'tail',
        `${server.url}/s`,
        '--json',
        '--no-reconnect'
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
    )
    running = child
    // Nobody reads the pipe: it fills, and tail's writes to it back up.
    child.stdout.pause()
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))

    await heldBackOrPast(source)
    expect(source.done).toBe(false)
    expect(source.written).toBeLessThanOrEqual(BOUND_BYTES)

    // Read again: the rest comes through, nothing lost, in order.
    let events = 0
    let nextId = 1
    let outOfOrder = 0
    let rest = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (s: string) => {
      const lines = (rest + s).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) {
        const m = /^\{"kind":"event".*"id":"(\d+)"/.exec(line)
        if (!m) continue
        events += 1
        if (Number(m[1]) !== nextId++) outOfOrder += 1
      }
    })
    child.stdout.resume()
    expect(await exited).toBe(0)
    expect(source.done).toBe(true)
    expect(outOfOrder).toBe(0)
    expect(events).toBe(source.events)
  })
})
