import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { eventRows } from './scenarios'

test.use({ viewport: { width: 1440, height: 900 } })

async function openInspector(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
}

/** Changes the demo server through its panel, the way a user does. */
async function setServer(page: Page, options: { interval?: string; types?: string; payload?: string }): Promise<void> {
  const panel = page.getByTestId('server-panel')
  if (options.payload) {
    await panel.getByRole('button', { name: /Payload, ids/ }).click()
    await panel.getByLabel('Payload').selectOption(options.payload)
  }
  if (options.interval) await panel.getByLabel('Interval (ms)').fill(options.interval)
  if (options.types !== undefined) await panel.getByLabel('Event type').fill(options.types)
  await panel.getByRole('button', { name: 'Apply' }).click()
}

function shownCount(page: Page): Promise<number> {
  return page
    .getByTestId('shown-count')
    .innerText()
    .then((t) => Number(t.replace(/[^\d]/g, '')))
}

test('filters by event type and searches the data', async ({ page, web }) => {
  await openInspector(page, web.url)
  await setServer(page, { interval: '50', types: 'tick, tock', payload: 'json' })
  await expect(page.locator('.chip[data-type="tock"]')).toBeVisible()
  await expect.poll(() => eventRows(page, 'tock').count()).toBeGreaterThan(3)

  await page.locator('.chip[data-type="tick"]').click()
  await expect(page.locator('.chip[data-type="tick"]')).toHaveAttribute('aria-pressed', 'true')
  await expect(eventRows(page, 'tock')).toHaveCount(0)
  await expect.poll(() => eventRows(page, 'tick').count()).toBeGreaterThan(0)
  await page.locator('.chip[data-type="tick"]').click()
  await expect(page.locator('.chip[data-type="tick"]')).toHaveAttribute('aria-pressed', 'false')

  await page.keyboard.press('/')
  await expect(page.getByLabel('Search data')).toBeFocused()
  await page.keyboard.type('"seq":6,')
  await expect(page.locator('.row[data-kind="event"]')).toHaveCount(1)
  await expect(page.locator('.row[data-kind="event"]')).toContainText('"seq":6,')
  // Lifecycle rows have no such text, so the search hides them too.
  await expect(page.locator('.row[data-kind="open"]')).toHaveCount(0)

  await page.getByRole('button', { name: '.*' }).click()
  await page.getByLabel('Search data').fill('"seq":(')
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid regular expression' })).toBeVisible()
  await page.getByLabel('Search data').fill('"seq":1\\d,')
  await expect.poll(() => page.locator('.row[data-kind="event"]').count()).toBeGreaterThan(1)
  for (const text of await page.locator('.row[data-kind="event"] .cell.data').allInnerTexts()) {
    expect(text).toMatch(/"seq":1\d,/)
  }
})

test('selecting an event shows its JSON, raw text and response headers', async ({ page, web }) => {
  await openInspector(page, web.url)
  await setServer(page, { interval: '100', types: 'price', payload: 'json' })
  await expect.poll(() => eventRows(page, 'price').count()).toBeGreaterThan(2)
  await eventRows(page, 'price').first().click()

  const detail = page.getByTestId('detail-pane')
  await expect(detail.locator('.badge').first()).toHaveText('price')
  await expect(detail.locator('.json-key').first()).toHaveText('"seq": ')
  await detail.getByRole('tab', { name: 'Raw' }).click()
  await expect(detail.getByTestId('raw-text')).toContainText('event: price')
  await expect(detail.getByTestId('raw-text')).toContainText('data: {"seq":')
  await detail.getByRole('tab', { name: 'Response' }).click()
  await expect(detail).toContainText('text/event-stream')
  await expect(detail).toContainText('access-control-allow-origin')

  // Arrow keys move the selection to the next row.
  const before = await page.locator('.row.selected').getAttribute('data-seq')
  await page.keyboard.press('ArrowDown')
  await expect(page.locator('.row.selected')).not.toHaveAttribute('data-seq', before ?? '')
  // Selecting left the live end: the selection stays on screen while events keep arriving.
  await expect(page.locator('.follow-pill')).toHaveText(/new frames? ↓/)
  await expect(page.locator('.row.selected')).toBeVisible()
})

test('pausing freezes the view without losing frames', async ({ page, web }) => {
  await openInspector(page, web.url)
  await setServer(page, { interval: '50' })
  await expect.poll(() => shownCount(page)).toBeGreaterThan(10)

  // Clicking a row moves focus off the last button, so Space reaches the shortcut.
  await page.locator('.row[data-kind="event"]').last().click()
  await page.keyboard.press(' ')
  await expect(page.getByRole('button', { name: /^Resume/ })).toBeVisible()
  const frozen = await shownCount(page)
  await expect(page.getByRole('button', { name: /^Resume \(\+\d+\)/ })).toBeVisible()
  expect(await shownCount(page)).toBe(frozen)

  await page.getByRole('button', { name: /^Resume/ }).click()
  await expect.poll(() => shownCount(page)).toBeGreaterThan(frozen)
  const shown = await shownCount(page)
  const total = Number((await page.getByTestId('frame-count').innerText()).replace(/[^\d]/g, ''))
  expect(shown).toBeLessThanOrEqual(total)
})

test('after the server drops connections the inspector counts down the retry delay and reconnects', async ({ page, web }) => {
  await openInspector(page, web.url)
  const pill = page.getByTestId('connection-pill')
  await page.getByTestId('server-panel').getByRole('button', { name: 'Drop connections' }).click()
  // The delay itself is the server's retry: 10000; the countdown is judged only by its motion,
  // since a loaded machine may show the frame a little late.
  await expect(page.locator('.row[data-kind="reconnect"]')).toContainText('Reconnecting in 10 s')
  await expect(pill).toHaveText(/Reconnecting in \d/)
  const first = await pill.innerText()
  await expect(pill).not.toHaveText(first)
  await expect(pill).toHaveText(/Reconnecting in \d/)
  await expect(pill).toHaveText('Open', { timeout: 15_000 })
  await expect(eventRows(page, 'connecttime')).toHaveCount(2)
})

test('changing the server interval and event type shows in the timeline', async ({ page, web }) => {
  await openInspector(page, web.url)
  const timeline = page.getByTestId('timeline')
  await expect(timeline).toHaveAttribute('data-drawn-types', /message:\d+/)
  await setServer(page, { interval: '100', types: 'beat' })
  await expect(timeline).toHaveAttribute('data-drawn-types', /beat:([2-9]\d|\d{3,})/)
  const beats = async () => Number(/beat:(\d+)/.exec((await timeline.getAttribute('data-drawn-types')) ?? '')?.[1] ?? 0)
  const before = await beats()
  // At 100 ms a second brings about ten more ticks; at the old 1 s interval it would bring one.
  await expect.poll(beats, { timeout: 5000 }).toBeGreaterThanOrEqual(before + 8)
  await expect(timeline).toHaveAttribute('data-follow-live', 'true')
})

test('what a browser silently drops shows up as a diagnostic', async ({ page, web }) => {
  await openInspector(page, web.url)
  await page.getByTestId('server-panel').getByRole('button', { name: 'Malformed line' }).click()
  const diagnostic = page.locator('.row[data-kind="diagnostic"]').first()
  await expect(diagnostic).toBeVisible()
  await diagnostic.click()
  const detail = page.getByTestId('detail-pane')
  await expect(detail.getByRole('tab', { name: /Diagnostics/ })).toBeVisible()
  await expect(detail).toContainText(/unknown-field|invalid/)
})
