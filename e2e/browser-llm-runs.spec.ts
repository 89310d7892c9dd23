import type { Page } from '@playwright/test'
import { expect, ROOT, test } from './fixtures'
import { fixtureEvents, startLlmServer } from './llm-servers'

/** Sends the drawer's POST with this body from the connection bar, as a user does. */
async function post(page: Page, url: string, body: string): Promise<void> {
  await page.getByLabel('Method').selectOption('POST')
  await page.getByLabel('Stream URL').fill(url)
  await page.getByRole('button', { name: /^Request/ }).click()
  await page.getByLabel('Request body').fill(body)
  await page.getByRole('button', { name: /^Request/ }).click()
  await page
    .getByRole('button', { name: 'Connect', exact: true })
    .or(page.getByRole('button', { name: 'Reconnect' }))
    .click()
}

test('the same POST twice: the Timing tab compares both runs, the current one highlighted', async ({ page, web }) => {
  test.setTimeout(90_000)
  // The fourth event (the first answer text) comes after a 1.2 s pause: a stall in each run.
  const slow = await startLlmServer(fixtureEvents('openai-chat.sse'), { paceMs: 15, stallBefore: 3, stallMs: 1200 })
  const url = `${slow.url}/v1/chat/completions`
  try {
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(web.url)
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
    await post(page, url, '{"model":"gpt-4o-mini","stream":true}')
    const pane = page.getByTestId('message-pane')
    await expect(pane.getByTestId('message-status')).toHaveText('Completed')
    await pane.getByRole('tab', { name: /Timing/ }).click()
    const runs = pane.getByTestId('llm-runs')
    await expect(runs.getByTestId('run-column')).toHaveCount(1)
    await expect(runs).toContainText(`POST ${url}`)

    await post(page, url, '{"model":"gpt-4o-mini","stream":true}')
    await expect(pane.getByTestId('message-status')).toHaveText('Completed')
    await pane.getByRole('tab', { name: /Timing/ }).click()
    const columns = runs.getByTestId('run-column')
    await expect(columns).toHaveCount(2)
    await expect(columns.first()).toHaveClass(/current/)
    await expect(columns.nth(1)).not.toHaveClass(/current/)
    const table = runs.getByTestId('runs-table')
    await expect(table.locator('tr', { hasText: 'Status' })).toContainText('completed')
    await expect(table.locator('tr', { hasText: 'Total tokens' })).toContainText('51')
    await expect(table.locator('tr', { hasText: 'TTFT' }).locator('td')).toHaveText([/^\d+ ms/, /^\d+ ms/])
    await expect(runs.getByTestId('runs-plot')).toBeVisible()
    expect(slow.requests).toHaveLength(2)

    // Only numbers are kept: not the body, not the answer.
    // A string expression: the e2e code is type-checked without the DOM library.
    const stored = String(await page.evaluate("localStorage.getItem('sse-inspector.llm-runs.v1')"))
    expect(stored).toContain('"ttftMs"')
    expect(stored).not.toContain('gpt-4o-mini')
    expect(stored).not.toContain('Checking')

    for (const width of [1440, 1024]) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height: 900 })
        await page.emulateMedia({ colorScheme: scheme })
        await runs.scrollIntoViewIfNeeded()
        await page.screenshot({ path: `${ROOT}/test-results/llm-runs-${width}-${scheme}.png` })
        await runs.getByTestId('runs-plot').scrollIntoViewIfNeeded()
        await pane.screenshot({ path: `${ROOT}/test-results/llm-runs-end-${width}-${scheme}.png` })
      }
    }
  } finally {
    await slow.close()
  }
})
