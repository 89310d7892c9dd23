import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { ROOT, expect, test } from './fixtures'

const FIXTURES = join(ROOT, 'src/main/sse/fixtures')

let server: Server | null = null
test.afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = null
})

test('an untrusted certificate is refused by default and accepted, marked insecure, only when the Request drawer says so', async ({
  page,
  web
}) => {
  // A self-signed https stream on loopback, started by the test.
  server = createServer(
    { key: readFileSync(join(FIXTURES, 'self-signed.key')), cert: readFileSync(join(FIXTURES, 'self-signed.crt')) },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: over unverified tls\n\n')
    }
  )
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/stream`

  await page.goto(web.url)
  await page.getByLabel('Stream URL').fill(url)
  await page.getByRole('button', { name: /^Request/ }).click()
  await page.getByLabel('Reconnect policy').getByRole('radio', { name: 'off', exact: true }).click()
  await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
  await expect(page.getByTestId('connection-pill')).toHaveText('Failed')
  await expect(page.getByTestId('connection-pill')).toHaveAttribute('title', /self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/)
  await expect(page.getByTestId('insecure-badge')).toHaveCount(0)

  await expect(page.getByLabel('Proxy')).toBeVisible()
  await page.getByLabel('Accept an untrusted TLS certificate (insecure)').check()
  await expect(page.getByText('Certificate checks are off for this connection')).toBeVisible()
  await expect(page.getByRole('button', { name: /^Request.*· insecure/ })).toBeVisible()
  await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
  await expect(page.getByTestId('connection-pill')).toHaveText('Open')
  await expect(page.getByTestId('insecure-badge')).toBeVisible()
  await expect(page.getByText('over unverified tls').first()).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('insecure-connection.png') })
})
