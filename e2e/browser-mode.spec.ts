import { join } from 'node:path'
import { ROOT, expect, test } from './fixtures'
import { eventRows, liveStreamScenario } from './scenarios'

test.use({ viewport: { width: 1440, height: 900 } })

test('browser mode shows the demo stream live, disconnects and reconnects', async ({ page, web }) => {
  await page.goto(web.url)
  // The token moved from the address bar into a cookie.
  await expect(page).toHaveURL(`${web.origin}/`)
  await liveStreamScenario(page, async () => {
    await expect.poll(() => eventRows(page, 'message').count()).toBeGreaterThanOrEqual(4)
    // The README's pictures: an event selected, in the light and the dark theme.
    await eventRows(page, 'message').nth(1).click()
    await expect(page.getByTestId('detail-pane')).toBeVisible()
    await page.emulateMedia({ colorScheme: 'light' })
    await page.screenshot({ path: join(ROOT, 'docs/screenshot.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(ROOT, 'docs/screenshot-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })
  })
})

test('browser mode refuses a visitor without the token', async ({ page, web }) => {
  const response = await page.goto(`${web.origin}/`)
  expect(response?.status()).toBe(401)
  await expect(page.locator('body')).toContainText('access token')
})
