import { createHash } from 'node:crypto'
import type { Plugin } from 'vite'

/**
 * Why a bootstrap: with `script-src 'self'` any script file under the app's origin may run,
 * which is the weak spot CSP evaluators flag. Instead the policy trusts exactly one inline
 * script, by hash, and `'strict-dynamic'` extends that trust only to what it loads. The
 * bootstrap never changes, so its hash can sit in src/renderer/index.html for reviewers and
 * linters to see; the fingerprinted entry file name is handed to it in a meta tag.
 */
export const ENTRY_META_NAME = 'sse-inspector-entry'

// A block, so its names stay out of the page's global scope.
export const BOOTSTRAP_SCRIPT =
  `{const entry = document.querySelector('meta[name="${ENTRY_META_NAME}"]').content;` +
  `const script = document.createElement('script');` +
  `script.type = 'module';` +
  `script.src = entry;` +
  `document.body.append(script);}`

/** The CSP source expression that allows exactly `script`. */
export function scriptHashSource(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`
}

const ENTRY_TAG = /<script type="module" crossorigin src="([^"]+)"><\/script>\s*/g
const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/

/**
 * Rewrites built HTML: the module entry tag becomes a meta naming it plus the hashed
 * bootstrap at the end of <body> (so #root exists when the entry runs). Fails the build
 * rather than ship a page whose policy would block its own script.
 */
export function applyBootstrap(html: string): string {
  const policy = CSP_META.exec(html)?.[1]
  if (!policy) throw new Error('renderer-bootstrap: index.html has no Content-Security-Policy meta tag.')
  const hash = scriptHashSource(BOOTSTRAP_SCRIPT)
  if (!policy.includes(hash) || !policy.includes("'strict-dynamic'")) {
    throw new Error(
      `renderer-bootstrap: the CSP in src/renderer/index.html must allow the bootstrap with script-src ${hash} 'strict-dynamic'.`
    )
  }
  const entries = [...html.matchAll(ENTRY_TAG)]
  if (entries.length !== 1)
    throw new Error(`renderer-bootstrap: expected one module entry script in the built HTML, found ${entries.length}.`)
  if (/rel="modulepreload"/.test(html))
    throw new Error('renderer-bootstrap: modulepreload links would be blocked by strict-dynamic; disable build.modulePreload.')
  const entry = entries[0]![1]!
  return html
    .replace(ENTRY_TAG, `<meta name="${ENTRY_META_NAME}" content="${entry}" />\n    `)
    .replace('</body>', `  <script>${BOOTSTRAP_SCRIPT}</script>\n  </body>`)
}

export function rendererBootstrap(): Plugin {
  return {
    name: 'sse-inspector:renderer-bootstrap',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: applyBootstrap }
  }
}
