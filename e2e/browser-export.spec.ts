import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Download, Page } from '@playwright/test'
import { expect, test } from './fixtures'

const TOKEN = 'sk-live-e2e-0123456789'

test.use({ viewport: { width: 1440, height: 900 } })

/** A stream behind a bearer token that, like some careless servers, echoes the header back. */
async function echoingServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'set-cookie': 'session=cookie-value-77; HttpOnly' })
    res.write(`event: whoami\ndata: {"you":"${req.headers.authorization ?? ''}"}\n\n`)
    res.write('data: plain\n\n')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events?access_token=query-secret-55` }
}

async function exportFile(
  page: Page,
  includeSecrets: boolean
): Promise<{ download: Download; json: Record<string, unknown> & { frames: unknown[] }; text: string }> {
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export session' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByLabel('Include secrets')).not.toBeChecked()
  if (includeSecrets) {
    await dialog.getByLabel('Include secrets').check()
    await expect(dialog.getByTestId('export-secrets-hint')).toContainText('plain text')
  }
  const downloading = page.waitForEvent('download')
  await dialog.getByRole('button', { name: /^Export \d+ frames$/ }).click()
  const download = await downloading
  await expect(dialog).toBeHidden()
  const text = readFileSync(await download.path(), 'utf8')
  return { download, text, json: JSON.parse(text) }
}

test('exports the session as JSON with secrets redacted unless the user opts in', async ({ page, web }) => {
  const { server, url } = await echoingServer()
  try {
    await page.goto(web.url)
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
    await page.getByLabel('Stream URL').fill(url)
    await page.getByRole('button', { name: /^Request/ }).click()
    await page.getByRole('button', { name: 'Add header' }).click()
    // A value typed before its name is not dropped in silence.
    await page.getByLabel('Header value', { exact: true }).fill('pending')
    await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
    await expect(page.getByRole('alert')).toContainText('has a value but no name')
    await page.getByLabel('Header name').fill('Authorization')
    // The value field stays masked until focused.
    await page.getByLabel('Authorization value (hidden)').click()
    await page.getByLabel('Authorization value', { exact: true }).fill(`Bearer ${TOKEN}`)
    await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
    await expect(page.locator('.row[data-kind="event"][data-type="whoami"]')).toContainText(TOKEN)
    await expect(page.locator('.row[data-kind="event"]').filter({ hasText: 'plain' })).toHaveCount(1)

    const redacted = await exportFile(page, false)
    expect(redacted.download.suggestedFilename()).toMatch(/^sse-session-\d{4}-\d\d-\d\d-\d{6}\.json$/)
    for (const secret of [TOKEN, 'query-secret-55', 'cookie-value-77']) expect(redacted.text).not.toContain(secret)
    expect(redacted.json).toMatchObject({ format: 'sse-inspector-session', secrets: 'redacted', scope: 'all' })
    expect(redacted.json['connections']).toContainEqual(
      expect.objectContaining({ request: expect.objectContaining({ headers: [{ name: 'Authorization', value: '[redacted]' }] }) })
    )
    expect(redacted.json.frames).toContainEqual(expect.objectContaining({ kind: 'event', type: 'whoami', data: '{"you":"[redacted]"}' }))
    expect(redacted.json.frames).toContainEqual(expect.objectContaining({ kind: 'event', type: 'message', data: 'plain' }))
    await expect(page.getByRole('status')).toContainText(/Exported \d+ frames to sse-session-/)

    const full = await exportFile(page, true)
    expect(full.json).toMatchObject({ secrets: 'included' })
    expect(full.text).toContain(TOKEN)
    expect(full.json.frames).toContainEqual(expect.objectContaining({ kind: 'event', type: 'whoami', data: `{"you":"Bearer ${TOKEN}"}` }))
  } finally {
    server.closeAllConnections()
    server.close()
  }
})

test('exports only what the filter shows when asked', async ({ page, web }) => {
  const { server, url } = await echoingServer()
  try {
    await page.goto(web.url)
    await page.getByLabel('Stream URL').fill(url)
    await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
    await expect(page.locator('.row[data-kind="event"][data-type="whoami"]')).toHaveCount(1)
    await page.locator('.chip[data-type="whoami"]').click()
    await expect(page.locator('.row[data-kind="event"]')).toHaveCount(1)

    const shown = Number((await page.getByTestId('shown-count').innerText()).replace(/[^\d]/g, ''))
    await page.keyboard.press('ControlOrMeta+s')
    const dialog = page.getByRole('dialog', { name: 'Export session' })
    // With a filter on, the shown frames are the natural choice.
    await expect(dialog.getByLabel(/Only the \d+ frames the filter shows/)).toBeChecked()
    await page.screenshot({ path: test.info().outputPath('export-dialog.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: test.info().outputPath('export-dialog-dark.png') })
    const downloading = page.waitForEvent('download')
    await dialog.getByRole('button', { name: /^Export \d+ frames$/ }).click()
    const json = JSON.parse(readFileSync(await (await downloading).path(), 'utf8'))
    expect(json.scope).toBe('shown')
    // Exactly the rows the table shows: lifecycle frames, and of the events only whoami.
    expect(json.frames).toHaveLength(shown)
    const events = json.frames.filter((f: { kind: string }) => f.kind === 'event')
    expect(events.map((f: { type: string }) => f.type)).toEqual(['whoami'])
  } finally {
    server.closeAllConnections()
    server.close()
  }
})

test('the Request drawer raises the line limit, and the request as sent is in the connecting frame', async ({ page, web }) => {
  // One 2 MiB line: over a 1 MiB limit, under the default 16 MiB.
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(`data: ${'x'.repeat(2 * 1024 * 1024)}\n\ndata: after\n\n`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big`
  try {
    await page.goto(web.url)
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open')
    await page.getByLabel('Stream URL').fill(url)
    await page.getByRole('button', { name: /^Request/ }).click()
    await page.getByLabel('Max line size in MiB').fill('1')
    await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
    await expect(page.locator('.row[data-kind="event"]').filter({ hasText: 'after' })).toHaveCount(1)
    const tooLong = page.locator('.row[data-kind="diagnostic"]').filter({ hasText: 'maxLineBytes (1 MiB)' }).last()
    await expect(tooLong).toContainText('raise "Max line" in the Request drawer')
    await expect(page.locator('.row[data-kind="event"]').filter({ hasText: 'xxxx' })).toHaveCount(0)

    await page.locator('.row[data-kind="connecting"]').last().click()
    await expect(page.locator('.detail')).toContainText('"accept": "text/event-stream"')

    await page.getByLabel('Max line size in MiB').fill('')
    await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
    await expect(page.locator('.row[data-kind="event"]').filter({ hasText: 'xxxx' })).toHaveCount(1)
  } finally {
    server.closeAllConnections()
    server.close()
  }
})
