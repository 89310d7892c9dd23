import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { ROOT, expect, test } from './fixtures'
import { eventRows } from './scenarios'

/**
 * The README's screenshots (`npm run docs:screenshots`, not part of `npm test`): browser mode on
 * the embedded demo stream, an event selected, light and dark. The 1440 px shots are the
 * README's (docs/); the 1024 px ones, to check a narrower window, go to test-results/ only.
 */
async function shoot(page: Page, path: (theme: string) => string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: path(colorScheme) })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

test('the README screenshots: the live demo stream with an event selected, light and dark', async ({ page, web }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(web.url)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
  await expect.poll(() => eventRows(page, 'message').count()).toBeGreaterThanOrEqual(4)
  await eventRows(page, 'message').nth(1).click()
  await expect(page.getByTestId('detail-pane')).toBeVisible()

  await shoot(page, (theme) => join(ROOT, theme === 'light' ? 'docs/screenshot.png' : 'docs/screenshot-dark.png'))
  await page.setViewportSize({ width: 1024, height: 768 })
  await expect(page.getByTestId('detail-pane')).toBeVisible()
  await shoot(page, (theme) => test.info().outputPath(`screenshot-1024-${theme}.png`))
})
