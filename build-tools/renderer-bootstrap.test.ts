import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { applyBootstrap, BOOTSTRAP_SCRIPT, ENTRY_META_NAME, scriptHashSource } from './renderer-bootstrap'

const sourcePage = readFileSync(new URL('../src/renderer/index.html', import.meta.url), 'utf8')
const policyOf = (html: string) => /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? ''

const builtPage = (policy: string, extra = '') => `<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="${policy}" />
<script type="module" crossorigin src="./assets/index-Ab12_x.js"></script>
<link rel="stylesheet" crossorigin href="./assets/index-Cd34.css">${extra}
</head><body><div id="root"></div></body></html>`

describe('renderer bootstrap', () => {
  it('is the one script the source page policy trusts, and nothing else may run', () => {
    const policy = policyOf(sourcePage)
    const scriptSrc = /script-src ([^;]+)/.exec(policy)?.[1]?.trim().split(/\s+/)
    expect(scriptSrc).toEqual([scriptHashSource(BOOTSTRAP_SCRIPT), "'strict-dynamic'"])
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/)
  })

  it('hashes like a browser: SHA-256 of the UTF-8 text, base64', () => {
    // Known answer from `printf 'alert(1)' | openssl dgst -sha256 -binary | base64`.
    expect(scriptHashSource('alert(1)')).toBe("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='")
  })

  it('replaces the entry tag with a meta naming it and runs the bootstrap after #root', () => {
    const out = applyBootstrap(builtPage(policyOf(sourcePage)))
    expect(out).not.toContain('type="module"')
    expect(out).toContain(`<meta name="${ENTRY_META_NAME}" content="./assets/index-Ab12_x.js" />`)
    expect(out).toContain('<link rel="stylesheet"')
    const bootstrapAt = out.indexOf(`<script>${BOOTSTRAP_SCRIPT}</script>`)
    expect(bootstrapAt).toBeGreaterThan(out.indexOf('<div id="root">'))
    expect(out.match(/<script/g)).toHaveLength(1)
  })

  it('fails the build instead of shipping a page whose policy blocks its own script', () => {
    expect(() => applyBootstrap(builtPage("script-src 'self'"))).toThrow(/must allow the bootstrap/)
    expect(() => applyBootstrap(builtPage(policyOf(sourcePage), '<link rel="modulepreload" href="./assets/x.js">'))).toThrow(
      /modulepreload/
    )
    expect(() => applyBootstrap(builtPage(policyOf(sourcePage)).replace('<script type="module"', '<script'))).toThrow(/one module entry/)
    expect(() => applyBootstrap('<html><body></body></html>')).toThrow(/no Content-Security-Policy/)
  })
})
