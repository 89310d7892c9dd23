import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from './fixtures'

/**
 * A measurement, not a check run by `npm test`: a 10 MB answer streamed in 100,000 OpenAI
 * chunks, as fast as loopback carries it. Prints the page's longest task while it arrives and
 * the cost of Show all. Run with SSE_INSPECTOR_BENCH=1.
 */
const BENCH = process.env['SSE_INSPECTOR_BENCH'] === '1'
const CHUNKS = 100_000
const PIECE = 'x'.repeat(95) + ' 123\n'

if (BENCH) {
  test('a 10 MB answer stays responsive', async ({ page, web }) => {
    test.setTimeout(240_000)
    const server = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        const chunk = (i: number): string =>
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: `${i} ${PIECE}` } }] })}\n\n`
        let i = 0
        const pump = (): void => {
          let batch = ''
          for (let k = 0; k < 500 && i < CHUNKS; k++, i++) batch += chunk(i)
          if (i >= CHUNKS)
            batch +=
              'data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'
          const more = res.write(batch)
          if (i >= CHUNKS) res.end()
          else if (more) setImmediate(pump)
          else res.once('drain', pump)
        }
        pump()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      await page.setViewportSize({ width: 1440, height: 900 })
      await page.goto(web.url)
      await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
      await page.evaluate(() => {
        const w = globalThis as unknown as { longest: number; tasks: number }
        w.longest = 0
        w.tasks = 0
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            w.tasks += 1
            w.longest = Math.max(w.longest, entry.duration)
          }
        }).observe(
          // The Long Tasks API runs in the page; Node's types do not list its entry type.
          { type: 'longtask' as 'mark', buffered: false }
        )
      })
      await page.getByLabel('Method').selectOption('POST')
      await page.getByLabel('Stream URL').fill(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
      const started = Date.now()
      await page
        .getByRole('button', { name: 'Reconnect' })
        .or(page.getByRole('button', { name: 'Connect', exact: true }))
        .click()
      await expect(page.getByTestId('message-status')).toHaveText('Completed', { timeout: 200_000 })
      const elapsed = Date.now() - started
      const during = await page.evaluate(() => {
        const w = globalThis as unknown as { longest: number; tasks: number }
        return { longest: w.longest, tasks: w.tasks }
      })
      const t0 = Date.now()
      await page.getByRole('button', { name: 'Show all' }).click()
      await expect(page.getByRole('button', { name: 'Show all' })).toHaveCount(0)
      const showAll = Date.now() - t0
      const text = (await page.getByTestId('message-text').textContent())?.length ?? 0
      console.log(
        JSON.stringify({
          elapsedMs: elapsed,
          longTasks: during.tasks,
          longestTaskMs: Math.round(during.longest),
          showAllMs: Math.round(showAll),
          renderedChars: text
        })
      )
      expect(text).toBeGreaterThan(10_000_000)
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
}
