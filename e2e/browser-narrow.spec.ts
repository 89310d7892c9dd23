import { expect, test } from './fixtures'

test('at 1024 px the failure controls fit the demo server panel: no label runs past its edge', async ({ page, web }) => {
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.goto(web.url)
  const panel = await page.locator('.failures').boundingBox()
  expect(panel, 'laid out').not.toBeNull()
  // The card's content edge: its right padding (12 px) must stay clear.
  const contentRight = panel!.x + panel!.width - 12
  const rows = page.locator('.failures .inline-form')
  expect(await rows.count()).toBeGreaterThan(0)
  for (const row of await rows.all()) {
    for (const part of await row.locator(':scope > *').all()) {
      const b = await part.boundingBox()
      if (!b) continue
      expect(b.x + b.width, await row.innerText()).toBeLessThanOrEqual(contentRight)
    }
  }
})
