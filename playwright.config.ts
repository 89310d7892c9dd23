import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

/** Debian's Chromium by default, any other with SSE_INSPECTOR_CHROMIUM, else Playwright's own. */
const chromium = process.env['SSE_INSPECTOR_CHROMIUM'] ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'browser-mode',
      testMatch: /browser-.*\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          ...(chromium ? { executablePath: chromium } : {}),
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
        }
      }
    },
    // Electron specs share one display and one app data dir per test; one worker keeps them apart.
    { name: 'electron', testMatch: /electron-.*\.spec\.ts/ }
  ]
})
