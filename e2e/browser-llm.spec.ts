import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { fixtureEvents, startLlmServer } from './llm-servers'

test.use({ viewport: { width: 1440, height: 900 } })

/** Sends a POST from the connection bar and the Request drawer, as a user does. */
async function post(page: Page, url: string, body: string, headers: Array<[string, string]> = []): Promise<void> {
  await page.getByLabel('Method').selectOption('POST')
  await page.getByLabel('Stream URL').fill(url)
  await page.getByRole('button', { name: /^Request/ }).click()
  for (const [name, value] of headers) {
    await page.getByRole('button', { name: '+ Add header' }).click()
    await page.getByLabel('Header name').last().fill(name)
    // A secret header's value is masked until focused.
    await page.getByLabel(`${name} value (hidden)`).focus()
    await page.getByLabel(`${name} value`, { exact: true }).fill(value)
  }
  await page.getByLabel('Request body').fill(body)
  await page
    .getByRole('button', { name: 'Connect', exact: true })
    .or(page.getByRole('button', { name: 'Reconnect' }))
    .click()
}

test('an OpenAI-shaped POST: the answer, its tool calls and its timing, requested once, Completed', async ({ page, web }) => {
  // The fifth event (the first answer text) comes after a 1.3 s pause: a stall.
  const server = await startLlmServer(fixtureEvents('openai-chat.sse'), { paceMs: 15, stallBefore: 3, stallMs: 1300 })
  try {
    await page.goto(web.url)
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
    await post(page, `${server.url}/v1/chat/completions`, '{"model":"gpt-4o-mini","stream":true}')
    // The drawer chose no policy: a POST does not reconnect.
    await expect(page.getByRole('radio', { name: 'off', exact: true })).toHaveAttribute('aria-checked', 'true')

    const pane = page.getByTestId('message-pane')
    await expect(pane.getByTestId('message-status')).toHaveText('Completed')
    await expect(pane.getByTestId('message-text')).toHaveText('Checking both cities.')
    await expect(pane.getByTestId('message-reasoning')).toHaveText('User wants weather.')
    const calls = pane.getByTestId('tool-call')
    await expect(calls).toHaveCount(2)
    await expect(calls.first()).toContainText('get_weather')
    await expect(calls.first().locator('.json-tree')).toContainText('"Paris"')
    await expect(calls.nth(1).locator('.json-tree')).toContainText('"Oslo"')
    await expect(pane.getByTestId('message-finish')).toContainText('tool_calls')
    await expect(pane.getByTestId('message-usage')).toContainText('total_tokens')

    // Clicking the text selects the event that carried it; the detail pane follows.
    await pane.getByTestId('message-text').click({ position: { x: 4, y: 8 } })
    await expect(page.locator('.row.selected')).toContainText('"content":"Checking "')
    await expect(page.getByTestId('detail-pane')).toContainText('chatcmpl-1')

    await pane.getByRole('tab', { name: /Timing/ }).click()
    const timing = pane.getByTestId('llm-timing')
    await expect(timing.getByTestId('timing-ttft')).toContainText(/\d/)
    await expect(timing.getByTestId('timing-chunks')).toContainText('4')
    await expect(timing.getByTestId('timing-stalls')).toContainText('stall')
    await expect(timing.getByTestId('gap-plot')).toBeVisible()

    await expect(page.getByTestId('connection-pill')).toHaveText('Completed')
    await expect(page.locator('.row[data-kind="close"]')).toHaveCount(1)
    await expect(page.locator('.row[data-kind="error"]')).toHaveCount(0)
    await expect(page.locator('.row[data-kind="reconnect"]')).toHaveCount(0)
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0]?.method).toBe('POST')
    expect(server.requests[0]?.headers['content-type']).toBe('application/json')
  } finally {
    await server.close()
  }
})

test('an Anthropic-shaped POST with reconnect spec: thinking, text, tool use, one request, Completed', async ({ page, web }) => {
  const server = await startLlmServer(fixtureEvents('anthropic.sse'), { paceMs: 15 })
  try {
    await page.goto(web.url)
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
    await page.getByLabel('Method').selectOption('POST')
    await page.getByRole('button', { name: /^Request/ }).click()
    // Asking for reconnects on a POST says, once, what that costs.
    await page.getByRole('radio', { name: 'spec' }).click()
    await expect(page.getByTestId('repeat-warning')).toContainText('Every reconnect sends this POST again')
    await page.getByRole('button', { name: /^Request/ }).click()
    await post(page, `${server.url}/v1/messages`, '{"model":"claude-sonnet-4-5","stream":true}', [['x-api-key', 'sk-ant-test']])

    const pane = page.getByTestId('message-pane')
    await expect(pane.getByTestId('message-status')).toHaveText('Completed')
    await expect(pane.locator('.badge').first()).toHaveText('Anthropic Messages')
    await expect(pane.getByTestId('message-reasoning')).toContainText('Need the tool.')
    await expect(pane.getByTestId('message-text')).toHaveText('Let me check.')
    await expect(pane.getByTestId('tool-call')).toHaveCount(2)
    await expect(pane.getByTestId('tool-call').first()).toContainText('get_weather')
    await expect(pane.getByTestId('tool-call').first().locator('.json-tree')).toContainText('San Francisco')
    await expect(pane.getByTestId('message-finish')).toContainText('tool_use')
    await expect(pane.getByText(/^TTFT \d/)).toBeVisible()

    // Full type names: content_block_delta is not cut to content_block…
    await expect(page.locator('.chip[data-type="content_block_delta"]')).toContainText('content_block_delta')
    await expect(page.locator('.timeline-legend li[title="content_block_delta"]')).toBeVisible()

    await expect(page.getByTestId('connection-pill')).toHaveText('Completed')
    await expect(page.locator('.row[data-kind="reconnect"]')).toHaveCount(0)
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0]?.headers['x-api-key']).toBe('sk-ant-test')
  } finally {
    await server.close()
  }
})
