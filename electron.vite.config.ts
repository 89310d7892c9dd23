import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { rendererBootstrap } from './build-tools/renderer-bootstrap'

/**
 * The dev server injects inline scripts and styles and talks to Vite over a WebSocket, which
 * the production CSP forbids. Relax it only for `electron-vite dev`; builds keep the strict one.
 */
function devCsp(): Plugin {
  return {
    name: 'sse-inspector:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace(/script-src [^;]+;/, "script-src 'self' 'unsafe-inline';")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*")
    }
  }
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          // The CLI shares the core with the desktop app but never loads Electron.
          cli: resolve('src/main/cli/index.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file that requires nothing but `electron`.
      externalizeDeps: false,
      rolldownOptions: {
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    plugins: [react(), devCsp(), rendererBootstrap()],
    // Preload links are parser-inserted, so 'strict-dynamic' would block them.
    build: { modulePreload: false }
  }
})
