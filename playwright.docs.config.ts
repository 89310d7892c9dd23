import { defineConfig } from '@playwright/test'
import base from './playwright.config'

/**
 * `npm run docs:screenshots`: the README's pictures, kept out of `npm test` so that running
 * the tests never rewrites tracked files. Same Chromium as the browser-mode e2e specs.
 */
const browserMode = base.projects?.find((p) => p.name === 'browser-mode')

export default defineConfig({
  ...base,
  projects: [{ name: 'docs-screenshots', testMatch: /docs-.*\.spec\.ts/, use: { ...browserMode?.use } }]
})
