import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectRequestSchema } from '../../shared/contract'
import { EndpointStore } from './endpoint-store'
import { NO_SECRET_BOX, type SecretBox } from './secret-box'

/** Stands in for the OS keychain: reversible, and visibly not the plain text. */
const testBox: SecretBox = {
  available: true,
  encrypt: (plain) => Buffer.from(plain).reverse().toString('base64'),
  decrypt: (sealed) => Buffer.from(sealed, 'base64').reverse().toString()
}

const request = connectRequestSchema.parse({
  url: 'https://api.example/v1/stream',
  method: 'POST',
  headers: [
    { name: 'Authorization', value: 'Bearer sk-very-secret' },
    { name: 'Accept-Language', value: 'en' }
  ],
  body: '{"stream":true}'
})

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'endpoints-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('EndpointStore', () => {
  it('round-trips endpoints and seals secrets with the keychain', async () => {
    const file = join(dir, 'endpoints.json')
    await new EndpointStore(file, testBox).save('LLM', request)
    const onDisk = readFileSync(file, 'utf8')
    expect(onDisk).not.toContain('sk-very-secret')
    expect(onDisk).toContain('Accept-Language')
    const listed = await new EndpointStore(file, testBox).list()
    expect(listed.secretStorage).toBe('os-keychain')
    expect(listed.endpoints).toEqual([{ name: 'LLM', request, omittedSecrets: [] }])
  })

  it('leaves secrets out entirely without a keychain, and says which', async () => {
    const file = join(dir, 'endpoints.json')
    const store = new EndpointStore(file, NO_SECRET_BOX)
    const listed = await store.save('LLM', request)
    expect(readFileSync(file, 'utf8')).not.toContain('sk-very-secret')
    expect(listed.secretStorage).toBe('not-saved')
    expect(listed.endpoints[0]?.omittedSecrets).toEqual(['Authorization'])
    expect(listed.endpoints[0]?.request.headers).toEqual([
      { name: 'Authorization', value: '' },
      { name: 'Accept-Language', value: 'en' }
    ])
  })

  const secretive = connectRequestSchema.parse({
    url: 'https://me:url-pass-0001@api.example/v1/stream?access_token=query-tok-0002&model=m#jwt=frag-jwt-0003',
    method: 'POST',
    headers: [
      { name: 'X-Functions-Key', value: 'functions-key-0004' },
      { name: 'Ocp-Apim-Subscription-Key', value: 'apim-key-0005' },
      { name: 'Accept-Language', value: 'en' }
    ],
    body: JSON.stringify({ model: 'm', api_key: 'body-key-0006', max_tokens: 10 }),
    proxy: 'http://pu:proxy-pass-0007@proxy.example:3128'
  })
  const SECRETS = /url-pass-0001|query-tok-0002|frag-jwt-0003|functions-key-0004|apim-key-0005|body-key-0006|proxy-pass-0007/

  it('writes no secret part of the URL, body, proxy or headers without a keychain, and names each one', async () => {
    const file = join(dir, 'endpoints.json')
    const listed = await new EndpointStore(file, NO_SECRET_BOX).save('LLM', secretive)
    expect(readFileSync(file, 'utf8')).not.toMatch(SECRETS)
    const saved = listed.endpoints[0]!
    expect(saved.request.url).toBe('https://api.example/v1/stream?access_token=&model=m#jwt=')
    expect(JSON.parse(saved.request.body!)).toEqual({ model: 'm', api_key: '', max_tokens: 10 })
    expect(saved.request.proxy).toBe('http://proxy.example:3128/')
    expect(saved.omittedSecrets).toEqual([
      'X-Functions-Key',
      'Ocp-Apim-Subscription-Key',
      "the URL's user name and password",
      "the URL's access_token parameter",
      "the URL's #jwt",
      "the proxy URL's user name and password",
      'secret body fields'
    ])
  })

  it('seals every secret part with the keychain and gives the request back as typed', async () => {
    const file = join(dir, 'endpoints.json')
    await new EndpointStore(file, testBox).save('LLM', secretive)
    expect(readFileSync(file, 'utf8')).not.toMatch(SECRETS)
    const listed = await new EndpointStore(file, testBox).list()
    expect(listed.endpoints).toEqual([{ name: 'LLM', request: secretive, omittedSecrets: [] }])
  })

  it('replaces an endpoint saved under the same name, and removes by name', async () => {
    const store = new EndpointStore(join(dir, 'endpoints.json'), testBox)
    await store.save('a', request)
    await store.save('a', { ...request, url: 'http://127.0.0.1:8844/stream' })
    await store.save('b', request)
    expect((await store.list()).endpoints.map((e) => [e.name, e.request.url])).toEqual([
      ['a', 'http://127.0.0.1:8844/stream'],
      ['b', 'https://api.example/v1/stream']
    ])
    expect((await store.remove('a')).endpoints.map((e) => e.name)).toEqual(['b'])
  })

  it('keeps every endpoint when saves overlap', async () => {
    const store = new EndpointStore(join(dir, 'endpoints.json'), testBox)
    await Promise.all(['a', 'b', 'c', 'd'].map((name) => store.save(name, request)))
    expect((await new EndpointStore(join(dir, 'endpoints.json'), testBox).list()).endpoints.map((e) => e.name)).toEqual([
      'a',
      'b',
      'c',
      'd'
    ])
  })

  it('moves an unreadable file aside instead of overwriting it', async () => {
    const file = join(dir, 'endpoints.json')
    writeFileSync(file, '{ not json')
    await expect(new EndpointStore(file, testBox).list()).rejects.toThrow(/unreadable; moved them to/)
    expect(readdirSync(dir).some((f) => f.startsWith('endpoints.json.unreadable-'))).toBe(true)
    expect((await new EndpointStore(file, testBox).list()).endpoints).toEqual([])
  })
})
