import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerAppRequest } from './app-request'

let root: string
let rendererDir: string

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'app-scheme-'))
  rendererDir = join(root, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>')
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'export {}')
  // A sibling of the renderer directory whose name starts the same way: not inside it.
  mkdirSync(join(root, 'renderer-secrets'))
  writeFileSync(join(root, 'renderer-secrets', 'key.txt'), 'secret')
  writeFileSync(join(root, 'outside.txt'), 'secret')
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('app://renderer', () => {
  it('serves the built renderer, index.html for the root, with the right types', async () => {
    const page = await answerAppRequest(rendererDir, 'app://renderer/')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('<title>ui</title>')
    const script = await answerAppRequest(rendererDir, 'app://renderer/assets/index-abc.js?v=1#x')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('export {}')
  })

  it('answers 404 for anything outside the renderer directory or on another host', async () => {
    for (const url of [
      'app://renderer/../outside.txt',
      'app://renderer/%2e%2e/outside.txt',
      'app://renderer/..%2foutside.txt',
      'app://renderer/..%5coutside.txt',
      'app://renderer/%2e%2e%2frenderer-secrets%2fkey.txt',
      'app://renderer/assets',
      'app://renderer/missing.js',
      'app://renderer/%E0%A4%A',
      'app://other/index.html',
      'app://renderer.evil/index.html',
      'not a url'
    ]) {
      const reply = await answerAppRequest(rendererDir, url)
      expect(reply.status, url).toBe(404)
      expect(await reply.text()).not.toContain('secret')
    }
  })
})
