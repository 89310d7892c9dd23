import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from './fixtures'
import { eventRows, liveStreamScenario } from './scenarios'

test.use({ viewport: { width: 1440, height: 900 } })

test('browser mode shows the demo stream live, disconnects and reconnects', async ({ page, web }) => {
  await page.goto(web.url)
  // The token moved from the address bar into the tab's sessionStorage.
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

test('browser mode answers nothing to a tab without the key, and says where to get it', async ({ page, web }) => {
  await page.goto(`${web.origin}/`)
  await expect(page.locator('body')).toContainText('no access key')
  await expect(page.locator('body')).toContainText('#token=')
})

test('the key stays with its page: another port on 127.0.0.1 never receives it; reload and a second tab work', async ({
  page,
  context,
  web
}) => {
  // Another local service, as a user might run beside the inspector.
  const seen: IncomingHttpHeaders[] = []
  const other = createServer((req, res) => {
    seen.push(req.headers)
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other</title>')
  })
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
  const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
  try {
    await page.goto(web.url)
    await expect.poll(() => eventRows(page, 'message').count()).toBeGreaterThanOrEqual(2)
    // A navigation from the inspector's tab to the other port, and a request sent with the
    // browser's cookie jar: the ways a cookie for 127.0.0.1 would reach it (the page's CSP
    // already stops its own scripts from fetching other origins).
    await context.request.get(`${otherOrigin}/with-cookie-jar`)
    await page.goto(`${otherOrigin}/navigated`)
    // Chromium may ask for a favicon too; every request counts.
    expect(seen.length).toBeGreaterThanOrEqual(2)
    for (const headers of seen) {
      expect(headers.cookie).toBeUndefined()
      expect(JSON.stringify(headers)).not.toContain(web.token)
    }
    expect(await context.cookies([web.origin, otherOrigin])).toEqual([])

    // Back in the same tab, and reloaded: the key is still there, without the URL.
    await page.goto(`${web.origin}/`)
    await page.reload()
    await expect(page).toHaveURL(`${web.origin}/`)
    const before = await eventRows(page, 'message').count()
    await expect.poll(() => eventRows(page, 'message').count()).toBeGreaterThan(before)
    await expect(page.locator('body')).not.toContainText('no access key')

    // A second tab has no key until it is given the printed URL, as documented.
    const second = await context.newPage()
    await second.goto(`${web.origin}/`)
    await expect(second.locator('body')).toContainText('no access key')
    await second.goto(web.url)
    await expect(second).toHaveURL(`${web.origin}/`)
    await expect.poll(() => eventRows(second, 'message').count()).toBeGreaterThanOrEqual(2)
    expect(await context.cookies([web.origin, otherOrigin])).toEqual([])
  } finally {
    await new Promise<void>((resolve) => other.close(() => resolve()))
  }
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
