import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

// Issue #6: stream data is data. Huge and deeply nested JSON must not freeze, crash or blank the UI.

const DEPTH = 100_000

// Tracing would copy the 60 MB push stream and every DOM snapshot into the trace, doubling the run.
test.use({ viewport: { width: 1440, height: 900 }, trace: 'off' })

/** A loopback event stream of our own that writes `body` to whoever connects, then stays open. */
async function serveStream(body: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(body())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server }
}

function closeStream(server: Server): void {
  server.closeAllConnections()
  server.close()
}

/** Opens the inspector on a fresh instance and points it at our stream; collects page errors and crashes. */
async function connect(page: Page, webUrl: string, streamUrl: string): Promise<string[]> {
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('crash', () => problems.push('the page crashed'))
  await page.goto(webUrl)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
  await page.getByLabel('Stream URL').fill(streamUrl)
  await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
  return problems
}

const rowOf = (page: Page, type: string) => page.locator(`.row[data-kind="event"][data-type="${type}"]`)

/** What the table's size column shows for this many bytes (the app's own formatBytes, for MB). */
const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`

/** The UI answers a click: selecting the small event after the hostile one shows its data. */
async function stillResponsive(page: Page, type: string, data: string): Promise<void> {
  await expect(rowOf(page, type)).toHaveCount(1, { timeout: 30_000 })
  await rowOf(page, type).click()
  await expect(page.getByTestId('detail-pane').locator('.badge').first()).toHaveText(type)
  await expect(page.getByTestId('data-text')).toHaveText(data)
}

test('JSON nested 100,000 deep opens as a lazy tree, level by level', async ({ page, web }) => {
  const deepArray = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`
  const deepObject = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`
  const { url, server } = await serveStream(
    () => `event: deep-array\ndata: ${deepArray}\n\nevent: deep-object\ndata: ${deepObject}\n\nevent: after-deep\ndata: still here\n\n`
  )
  try {
    const problems = await connect(page, web.url, url)
    await expect(rowOf(page, 'after-deep')).toHaveCount(1)
    const detail = page.getByTestId('detail-pane')

    for (const type of ['deep-array', 'deep-object']) {
      await rowOf(page, type).click()
      await expect(detail.locator('.badge').first()).toHaveText(type)
      const tree = detail.getByRole('tree')
      await expect(tree).toBeVisible()
      // The first two levels start open; open five more, one click each.
      await expect(tree.locator('[role="treeitem"][aria-expanded="true"]')).toHaveCount(2)
      for (let level = 3; level <= 7; level++) {
        await tree.getByRole('button', { name: 'Expand' }).click()
        await expect(tree.locator('[role="treeitem"][aria-expanded="true"]')).toHaveCount(level)
      }
      await expect(tree.getByRole('button', { name: 'Expand' })).toHaveCount(1)
      await expect(tree.locator('.json-summary')).toHaveText(type === 'deep-array' ? '1 item' : '1 key')
      // Copying pretty JSON this deep cannot work; the button says so instead of breaking the pane.
      await expect(detail.getByRole('button', { name: 'Copy pretty' })).toBeDisabled()
      await expect(detail.getByTestId('data-note')).toContainText('100,000 levels deep')
      await page.screenshot({ path: test.info().outputPath(`${type}.png`) })
    }

    await stillResponsive(page, 'after-deep', 'still here')
    expect(problems).toEqual([])
  } finally {
    closeStream(server)
  }
})

/** About 50 MB of pretty-printed JSON: an array of small records. */
function bigJson(): string {
  const items = Array.from({ length: 330_000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['alpha', 'beta'], point: { x: i, y: -i } }))
  return JSON.stringify(items, null, 2)
}

test('a 50 MB JSON event arrives, is shown capped, and the stream goes on', async ({ page, web }) => {
  test.setTimeout(75_000)
  const json = bigJson()
  const bytes = Buffer.byteLength(json)
  expect(bytes).toBeGreaterThan(50_000_000)
  const multiLine = `event: big\ndata: ${json.split('\n').join('\ndata: ')}\n\n`
  const { url, server } = await serveStream(() => `${multiLine}event: after-big\ndata: small and fine\n\n`)
  try {
    const problems = await connect(page, web.url, url)
    await expect(rowOf(page, 'big')).toHaveCount(1, { timeout: 45_000 })
    await expect(rowOf(page, 'big').locator('.cell.num')).toHaveText(megabytes(bytes))
    await expect(rowOf(page, 'after-big')).toHaveCount(1, { timeout: 30_000 })

    await rowOf(page, 'big').click()
    const detail = page.getByTestId('detail-pane')
    await expect(detail.locator('.badge').first()).toHaveText('big')
    await expect(detail.getByTestId('data-note')).toContainText('too large for the JSON view')
    await expect(detail.getByTestId('data-note')).toContainText(`first 128 KB of ${megabytes(bytes)}`)
    await expect(detail.getByTestId('data-text')).toContainText('"name": "item 0"')
    await page.screenshot({ path: test.info().outputPath('big-json.png') })

    await detail.getByRole('tab', { name: 'Raw' }).click()
    await expect(detail.getByText(/raw text is not kept for events over/i)).toBeVisible()
    await page.screenshot({ path: test.info().outputPath('big-json-raw.png') })

    await stillResponsive(page, 'after-big', 'small and fine')

    // The window got only the start of the data; an export still holds all of it.
    const downloading = page.waitForEvent('download')
    await page.keyboard.press('ControlOrMeta+s')
    await page
      .getByRole('dialog', { name: 'Export session' })
      .getByRole('button', { name: /^Export \d+ frames$/ })
      .click()
    const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as {
      frames: Array<{ type?: string; data?: string; dataTruncated?: unknown }>
    }
    const whole = exported.frames.find((f) => f.type === 'big')
    expect(whole?.dataTruncated).toBeUndefined()
    expect(whole?.data?.length).toBe(json.length)
    expect(problems).toEqual([])
  } finally {
    closeStream(server)
  }
})

test('a 50 MB JSON event on one line is reported as too long, and the stream goes on', async ({ page, web }) => {
  const line = JSON.stringify(Array.from({ length: 900_000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['alpha', 'beta'] })))
  expect(line.length).toBeGreaterThan(50_000_000)
  const { url, server } = await serveStream(() => `event: one-line\ndata: ${line}\n\nevent: after-line\ndata: next one\n\n`)
  try {
    const problems = await connect(page, web.url, url)
    // Said twice: the moment the limit is hit, and with the count once the blank line comes.
    const discarding = page.locator('.row[data-kind="diagnostic"]').filter({ hasText: /discarding:/ })
    await expect(discarding).toHaveCount(1, { timeout: 30_000 })
    const tooLong = page.locator('.row[data-kind="diagnostic"]').filter({ hasText: /line-too-long:/ })
    await expect(tooLong).toHaveCount(1, { timeout: 30_000 })
    await expect(tooLong).toContainText('longer than maxLineBytes (16 MiB)')
    await expect(rowOf(page, 'one-line')).toHaveCount(0)
    await stillResponsive(page, 'after-line', 'next one')
    expect(problems).toEqual([])
  } finally {
    closeStream(server)
  }
})
