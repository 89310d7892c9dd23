import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { contentTypeOf, resolveFileInRoot } from './file-in-root'

const root = mkdtempSync(join(tmpdir(), 'static-'))
mkdirSync(join(root, 'assets'))
writeFileSync(join(root, 'index.html'), '<!doctype html>')
writeFileSync(join(root, 'assets', 'index-Ab1.js'), '')
writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'no')
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('static files', () => {
  it('resolves paths inside the root, / as index.html', async () => {
    expect(await resolveFileInRoot(root, '/')).toBe(join(root, 'index.html'))
    expect(await resolveFileInRoot(root, '/assets/index-Ab1.js')).toBe(join(root, 'assets', 'index-Ab1.js'))
  })

  it('never resolves outside the root, missing files, directories or bad escapes', async () => {
    for (const path of [
      '/../outside-secret.txt',
      '/..%2foutside-secret.txt',
      '/assets/../../outside-secret.txt',
      '/missing.js',
      '/assets',
      '/%E0%A4%A'
    ]) {
      expect(await resolveFileInRoot(root, path)).toBeNull()
    }
  })

  it('names JavaScript as JavaScript, since module scripts insist', () => {
    expect(contentTypeOf('/x/index-Ab1.js')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8')
    expect(contentTypeOf('/x/blob.bin')).toBe('application/octet-stream')
  })
})
