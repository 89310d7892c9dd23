import { expect, test } from './fixtures'
import { eventRows, liveStreamScenario } from './scenarios'

test.use({ viewport: { width: 1440, height: 900 } })

test('browser mode shows the demo stream live, disconnects and reconnects', async ({ page, web }) => {
  await page.goto(web.url)
  // The token moved from the address bar into a cookie.
  await expect(page).toHaveURL(`${web.origin}/`)
  await liveStreamScenario(page, async () => {
    await expect.poll(() => eventRows(page, 'message').count()).toBeGreaterThanOrEqual(4)
    // An event selected, in the light and the dark theme; the shots stay in test-results/
    // (the README's own come from `npm run docs:screenshots`, so a test run changes no file).
    await eventRows(page, 'message').nth(1).click()
    await expect(page.getByTestId('detail-pane')).toBeVisible()
    await page.emulateMedia({ colorScheme: 'light' })
    await page.screenshot({ path: test.info().outputPath('screenshot.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: test.info().outputPath('screenshot-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })
  })
})

test('browser mode refuses a visitor without the token', async ({ page, web }) => {
  const response = await page.goto(`${web.origin}/`)
  expect(response?.status()).toBe(401)
  await expect(page.locator('body')).toContainText('access token')
})

test('the UI runs under its strict policy: the hashed bootstrap and what it loads, nothing injected', async ({ page, web }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (message.text().startsWith('CSP violation')) violations.push(message.text())
  })
  // Page scripts are typed for Node here, so the page-side code is given as text.
  await page.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.effectiveDirective} ${e.blockedURI}`))"
  })
  const response = await page.goto(web.url)
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'sha256-[\w+/=]+' 'strict-dynamic'/)
  await expect(page.getByTestId('connection-pill')).toBeVisible()
  expect(violations).toEqual([])

  // Markup that stream data might smuggle into the DOM cannot run script.
  await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image" onerror="window.injected = true">')`)
  await expect.poll(() => violations.length).toBeGreaterThan(0)
  // Chromium may report the one blocked handler more than once; nothing else may appear.
  expect(new Set(violations)).toEqual(new Set(['CSP violation: script-src-attr inline']))
  expect(await page.evaluate("'injected' in window")).toBe(false)
})
