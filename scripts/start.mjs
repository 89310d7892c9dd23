#!/usr/bin/env node
// `npm start`: build, then open the desktop app. Where Electron cannot run (no binary, no
// display) say why in one sentence and serve the same UI in browser mode instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/** Resolves to the Electron executable, or to the reason there is none. */
function findElectron() {
  const electronDir = dirname(require.resolve('electron/package.json'))
  const pathFile = join(electronDir, 'path.txt')
  const installed = () => existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')))
  if (!installed()) {
    console.log('Electron binary not found; downloading it once (this needs internet access)...')
    const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: root, encoding: 'utf8', timeout: 300_000 })
    if (!installed()) {
      const detail = `${download.stderr ?? ''}${download.error?.message ?? ''}`.split('\n').find((l) => l.trim()) ?? 'unknown error'
      return {
        reason: `its binary could not be downloaded (${detail.trim()})`,
        remedy: 'check your network or proxy and run `npx install-electron`'
      }
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return {
      reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
      remedy: 'run it in a desktop session or under xvfb-run'
    }
  }
  return { executable: join(electronDir, 'dist', readFileSync(pathFile, 'utf8')) }
}

run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'])

const electron = findElectron()
if (electron.executable) {
  // Chromium refuses to start as root with its OS sandbox; only then is it turned off.
  const args = process.getuid?.() === 0 ? ['--no-sandbox', '.'] : ['.']
  const child = spawn(electron.executable, args, { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log(
    `\nThe desktop window cannot open here because ${electron.reason}; to get it, ${electron.remedy}. ` +
      'Starting browser mode instead, with the same UI:\n'
  )
  const child = spawn(process.execPath, [join(root, 'bin/sse-inspector.js'), 'web', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit'
  })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}
