import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { ROOT, expect, test } from './fixtures'

/** A page on another origin, as a user's own app would be, that opens a plain EventSource. */
const PAGE = (streamUrl: string) => `<!doctype html><title>client</title><script>
  window.received = [];
  const source = new EventSource(${JSON.stringify(streamUrl)});
  source.addEventListener('connecttime', (e) => received.push({ type: 'connecttime', data: e.data }));
  source.onmessage = (e) => received.push({ type: 'message', data: e.data });
</script>`

test('a plain browser EventSource on another origin receives `sse-inspector serve`', async ({ page }) => {
  const serve = spawn(process.execPath, [join(ROOT, 'bin/sse-inspector.js'), 'serve', '--port', '0'], { cwd: ROOT })
  const streamUrl = await new Promise<string>((resolve, reject) => {
    let output = ''
    serve.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening: (http:\S+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    })
    serve.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)))
  })
  const site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end(PAGE(streamUrl))
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  try {
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`)
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { received: unknown[] }).received.length))
      .toBeGreaterThanOrEqual(3)
    const received = await page.evaluate(() => (globalThis as unknown as { received: Array<{ type: string; data: string }> }).received)
    expect(received[0]?.type).toBe('connecttime')
    expect(received.slice(1).every((e) => e.type === 'message' && e.data.length > 0)).toBe(true)
  } finally {
    site.closeAllConnections()
    site.close()
    serve.kill('SIGTERM')
  }
})
