import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect } from '@playwright/test'

export const ROOT = join(import.meta.dirname, '..')

export interface WebInstance {
  /** The printed URL, token included. */
  url: string
  origin: string
  token: string
  dataDir: string
  process: ChildProcess
}

/**
 * Starts `sse-inspector web` as a user would, on free ports, with its own data directory,
 * and resolves once it has printed its URL.
 */
export async function startWeb(): Promise<WebInstance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sse-inspector-e2e-'))
  const child = spawn(process.execPath, [join(ROOT, 'bin/sse-inspector.js'), 'web', '--port', '0', '--server-port', '0'], {
    cwd: ROOT,
    env: { ...process.env, SSE_INSPECTOR_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`sse-inspector web exited with ${code}:\n${output}`)))
  })
  const parsed = new URL(url)
  return { url, origin: parsed.origin, token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '', dataDir, process: child }
}

export async function stopWeb(instance: WebInstance): Promise<void> {
  if (instance.process.exitCode === null) {
    const exited = new Promise((resolve) => instance.process.once('exit', resolve))
    instance.process.kill('SIGTERM')
    await exited
  }
  rmSync(instance.dataDir, { recursive: true, force: true })
}

export const test = base.extend<{ web: WebInstance }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture names from the destructuring, so none is an empty one
  web: async ({}, use) => {
    const instance = await startWeb()
    await use(instance)
    await stopWeb(instance)
  }
})

export { expect }
