import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../../..')
let server: Server | null = null

afterEach(() => {
  server?.closeAllConnections()
  server?.close()
  server = null
})

it('tail exits 0, with no stack trace, when its reader goes away (| head)', async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    // Enough that the pipe fills and tail is still writing when the reader is gone.
    const chunk = 'data: {"token":"x"}\n\n'.repeat(2000)
    const pump = (): void => {
      while (res.write(chunk));
      res.once('drain', pump)
    }
    pump()
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/main/testing/cli-entry.ts'), 'tail', url, '--json'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  // Read the first line, then hang up, as `head -1` does.
  await new Promise<void>((resolve) => {
    child.stdout.once('data', () => {
      child.stdout.destroy()
      resolve()
    })
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  expect(stderr).not.toMatch(/EPIPE|at .*\.js:\d+|Error/)
  expect(code).toBe(0)
}, 60_000)
