import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from './fixtures'

const MARKUP = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
const JSON_PAYLOAD = JSON.stringify({ html: '<b onclick="window.__pwned=3">bold</b>', link: 'javascript:window.__pwned=4' })

test('stream data is shown as text and never runs', async ({ page, web }) => {
  const source = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(`event: <svg onload=window.__pwned=5>\ndata: ${MARKUP}\n\n`)
    res.write(`event: json\ndata: ${JSON_PAYLOAD}\n\n`)
  })
  await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve))
  try {
    await page.goto(web.url)
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
    await page.getByLabel('Stream URL').fill(`http://127.0.0.1:${(source.address() as AddressInfo).port}/`)
    await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()

    const markupRow = page.locator('.row[data-kind="event"]').filter({ hasText: '<img src=x' })
    await expect(markupRow).toHaveCount(1)
    await expect(markupRow).toContainText('<svg onload=window.__pwned=5>')
    await markupRow.click()
    await expect(page.getByTestId('data-text')).toHaveText(MARKUP)
    await page.getByTestId('detail-pane').getByRole('tab', { name: 'Raw' }).click()
    await expect(page.getByTestId('raw-text')).toContainText('<script>window.__pwned=2</script>')

    await page.locator('.row[data-kind="event"][data-type="json"]').click()
    await expect(page.getByTestId('detail-pane').locator('.json-string').first()).toHaveText(
      JSON.stringify('<b onclick="window.__pwned=3">bold</b>')
    )

    // Nothing from the stream became markup, and nothing ran.
    await expect(
      page.locator('#root img, #root script, #root b, #root a[href^="javascript"], #root [onerror], #root [onload], #root [onclick]')
    ).toHaveCount(0)
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined()
  } finally {
    source.closeAllConnections()
    source.close()
  }
})
