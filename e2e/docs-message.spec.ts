import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, ROOT, test } from './fixtures'
import { startLlmServer } from './llm-servers'

/**
 * The README's Message view screenshots. They rewrite files under docs/, so they belong to
 * `npm run docs:screenshots` (playwright.docs.config.ts), never to `npm test`.
 */

const sse = (type: string, data: object): string => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`

/** An Anthropic Messages answer with thinking, a paragraph, a tool call and usage. */
function anthropicAnswer(): string[] {
  const events = [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_01D',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        usage: { input_tokens: 412, output_tokens: 1 }
      }
    }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } })
  ]
  for (const piece of [
    'The user wants the forecast ',
    'for Lisbon tomorrow; ',
    'I should call the weather tool ',
    'after a short answer.'
  ]) {
    events.push(sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: piece } }))
  }
  events.push(sse('content_block_stop', { type: 'content_block_stop', index: 0 }))
  events.push(sse('content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }))
  const text =
    'Server-Sent Events keep one HTTP response open and push lines of text down it. Each event ends with a blank line; ' +
    "the browser's EventSource parses them, remembers the last id and reconnects on its own.\n\n" +
    'For tomorrow in Lisbon I will look the forecast up for you — one moment.'
  for (const token of text.match(/\S+\s*/g) ?? []) {
    events.push(sse('content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: token } }))
  }
  events.push(sse('content_block_stop', { type: 'content_block_stop', index: 1 }))
  events.push(
    sse('content_block_start', {
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'tool_use', id: 'toolu_01A9', name: 'get_forecast', input: {} }
    })
  )
  for (const piece of ['{"city": "Lis', 'bon", "days": 1, ', '"units": "metric"}']) {
    events.push(
      sse('content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: piece } })
    )
  }
  events.push(sse('content_block_stop', { type: 'content_block_stop', index: 2 }))
  events.push(
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 96 } })
  )
  events.push(sse('message_stop', { type: 'message_stop' }))
  return events
}

async function shoot(page: Page, width: number, dark: boolean, file: string): Promise<void> {
  await page.setViewportSize({ width, height: width >= 1440 ? 900 : 768 })
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' })
  await page.mouse.move(0, 0)
  await page.screenshot({ path: file })
}

test('Message view screenshots, 1440 and 1024 px, light and dark', async ({ page, web }) => {
  // A stall of 1.4 s in the middle of the paragraph, as models do under load.
  const server = await startLlmServer(anthropicAnswer(), { paceMs: 35, stallBefore: 22, stallMs: 1400 })
  try {
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(web.url)
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
    await page.getByLabel('Method').selectOption('POST')
    await page.getByLabel('Stream URL').fill(`${server.url}/v1/messages`)
    await page.getByRole('button', { name: /^Request/ }).click()
    await page.getByRole('button', { name: 'Anthropic', exact: true }).click()
    await page.getByLabel('Stream URL').fill(`${server.url}/v1/messages`)
    await page.getByRole('button', { name: /^Request/ }).click()
    await page
      .getByRole('button', { name: 'Connect', exact: true })
      .or(page.getByRole('button', { name: 'Reconnect' }))
      .click()
    const pane = page.getByTestId('message-pane')
    await expect(pane.getByTestId('message-status')).toHaveText('Completed')
    const out = join(ROOT, 'test-results', 'docs')
    mkdirSync(out, { recursive: true })
    // Zoomed in while the answer is still in the live window: the stall's bracket on its lane.
    const lanes = (await page.getByTestId('timeline').locator('canvas').boundingBox())!
    await page.mouse.move(lanes.x + lanes.width - 30, lanes.y + 60)
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -300)
    await pane.getByRole('tab', { name: /Timing/ }).click()
    await shoot(page, 1440, false, join(out, 'timing-1440.png'))
    await page.mouse.move(lanes.x + lanes.width - 30, lanes.y + 60)
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 300)
    await page.getByTestId('timeline-live').click()
    await pane.getByRole('tab', { name: 'Answer' }).click()
    await pane.getByTestId('message-text').click({ position: { x: 60, y: 8 } })
    await expect(page.locator('.answer-mark')).toHaveCount(1)

    await shoot(page, 1440, false, join(ROOT, 'docs/screenshot-message.png'))
    await shoot(page, 1440, true, join(ROOT, 'docs/screenshot-message-dark.png'))
    await shoot(page, 1024, false, join(out, 'message-1024.png'))
    await shoot(page, 1024, true, join(out, 'message-1024-dark.png'))
    await pane.getByRole('tab', { name: /Timing/ }).click()
    await shoot(page, 1024, true, join(out, 'timing-1024-dark.png'))
  } finally {
    await server.close()
  }
})
