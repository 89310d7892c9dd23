import { expect, test } from './fixtures'
import { startLlmServer } from './llm-servers'

const chunk = (content: string): string =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`

test('a finished answer that never sent a finish reason says none was sent, and text after [DONE] stays out of it', async ({
  page,
  web
}) => {
  const server = await startLlmServer([chunk('Hi'), 'data: [DONE]\n\n', chunk(' injected'), 'data: [DONE]\n\n'], { paceMs: 5 })
  try {
    await page.goto(web.url)
    await page.getByLabel('Method').selectOption('POST')
    await page.getByLabel('Stream URL').fill(`${server.url}/v1/chat/completions`)
    await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
    const pane = page.getByTestId('message-pane')
    await expect(pane.getByTestId('message-status')).toHaveText('Completed')
    await expect(page.getByTestId('connection-pill')).toHaveText('Completed')
    await expect(pane.getByTestId('message-text')).toHaveText('Hi')
    await expect(pane.getByTestId('message-finish')).toHaveText('finish reason none sent')
    await expect(pane.getByTestId('message-misfits')).toContainText('after [DONE]')
  } finally {
    await server.close()
  }
})
