import type { Locator } from '@playwright/test'
import { expect, test } from './fixtures'

/** The element's box; fails the test when it is not laid out. */
async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox()
  expect(b, 'laid out').not.toBeNull()
  return b!
}

for (const width of [1440, 1024]) {
  test(`Request drawer at ${width} px: the presets, proxy and insecure controls each stand on their own lines`, async ({ page, web }) => {
    await page.setViewportSize({ width, height: 900 })
    await page.goto(web.url)
    await page.getByRole('button', { name: /^Request/ }).click()

    // The reconnect hint and the presets heading were set flush against each other (the heading had no top margin).
    const reconnectHint = await box(page.locator('.request-editor p.hint').filter({ hasText: 'EventSource' }))
    const presetsHeading = await box(page.getByTestId('llm-presets').getByRole('heading', { name: 'LLM presets' }))
    expect(presetsHeading.y - (reconnectHint.y + reconnectHint.height)).toBeGreaterThanOrEqual(10)

    // The insecure checkbox ran on from the end of the proxy hint's last line.
    const proxy = await box(page.getByLabel('Proxy', { exact: true }))
    const proxyHint = await box(page.locator('.request-editor p.hint').filter({ hasText: 'HTTPS_PROXY' }))
    const insecure = await box(page.locator('.request-editor label.checkbox').filter({ hasText: 'untrusted TLS certificate' }))
    expect(Math.abs(insecure.x - proxy.x)).toBeLessThanOrEqual(1)
    expect(insecure.y).toBeGreaterThanOrEqual(proxyHint.y + proxyHint.height + 4)
  })
}
