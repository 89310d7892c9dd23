import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, test } from '@playwright/test'
import { ROOT } from './fixtures'
import { liveStreamScenario } from './scenarios'

/** The installed Electron binary, read without `require('electron')`, which would try to download it. */
function electronBinary(): { path: string } | { reason: string } {
  const dir = join(ROOT, 'node_modules/electron')
  const pathFile = join(dir, 'path.txt')
  const path = existsSync(pathFile) ? join(dir, 'dist', readFileSync(pathFile, 'utf8')) : null
  if (!path || !existsSync(path)) {
    return {
      reason: 'the Electron binary is not installed on this machine (its download is not reachable); run `npx install-electron` where it is'
    }
  }
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { reason: 'there is no display; run under xvfb-run to include the desktop app' }
  }
  return { path }
}

const binary = electronBinary()

test('the desktop app shows the demo stream live, disconnects and reconnects', async () => {
  if ('reason' in binary) {
    // The list reporter does not print skip reasons, so say it where CI logs will show it.
    console.log(`Electron spec skipped: ${binary.reason}.`)
    test.skip(true, binary.reason)
    return
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sse-inspector-electron-'))
  const app = await electron.launch({
    executablePath: binary.path,
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), join(ROOT, 'out/main/index.js')],
    env: { ...process.env, SSE_INSPECTOR_SERVER_PORT: '0', SSE_INSPECTOR_DATA_DIR: dataDir }
  })
  try {
    const page = await app.firstWindow()
    await liveStreamScenario(page)
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
