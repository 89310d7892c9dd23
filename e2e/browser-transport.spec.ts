import { readFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
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

test('a redirect from https to http is refused until the Request drawer allows insecure redirects', async ({ page, web }) => {
  const plain = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write('data: after the downgrade\n\n')
  })
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
  const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/stream`
  server = createServer(
    { key: readFileSync(join(FIXTURES, 'self-signed.key')), cert: readFileSync(join(FIXTURES, 'self-signed.crt')) },
    (_req, res) => {
      res.writeHead(302, { location: plainUrl })
      res.end()
    }
  )
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/start`
  try {
    await page.goto(web.url)
    await page.getByLabel('Stream URL').fill(url)
    await page.getByRole('button', { name: /^Request/ }).click()
    await page.getByLabel('Reconnect policy').getByRole('radio', { name: 'off', exact: true }).click()
    await page.getByLabel('Accept an untrusted TLS certificate (insecure)').check()
    await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
    await expect(page.getByTestId('connection-pill')).toHaveText('Failed')
    await expect(page.getByTestId('connection-pill')).toHaveAttribute('title', /leaves HTTPS for plain HTTP.*Allow insecure redirects/)

    await page.getByLabel('Allow insecure redirects').check()
    await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
    await expect(page.getByTestId('connection-pill')).toHaveText('Open')
    await expect(page.getByText('after the downgrade').first()).toBeVisible()
  } finally {
    plain.closeAllConnections()
    await new Promise((resolve) => plain.close(resolve))
  }
})

test('saving an endpoint in browser mode names each secret part it leaves out, and leaves them out', async ({ page, web }) => {
  await page.goto(web.url)
  await page.getByLabel('Stream URL').fill('http://me:url-pass-0001@127.0.0.1:9/s?access_token=query-tok-0002&model=m')
  await page.getByRole('button', { name: /^Request/ }).click()
  await page.getByLabel('Endpoint name').fill('secretive')
  const hint = page.getByTestId('secrets-not-saved')
  await expect(hint).toContainText("the URL's user name and password")
  await expect(hint).toContainText("the URL's access_token parameter")
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByText('secret values were not saved')).toBeVisible()
  const saved = page.getByRole('button', { name: 'secretive', exact: true })
  await expect(saved).toHaveAttribute('title', 'GET http://127.0.0.1:9/s?access_token=&model=m')
})
