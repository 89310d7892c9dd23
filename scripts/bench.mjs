#!/usr/bin/env node
// `npm run bench`: every benchmark, one after another so they do not compete for the two cores.
// Pass names to run some: `npm run bench -- parser ui`.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const all = ['parser', 'server', 'ui']
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all
const unknown = chosen.filter((name) => !all.includes(name))
if (unknown.length) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Choose from ${all.join(', ')}.`)
  process.exit(2)
}

const tsx = join(root, 'node_modules/tsx/dist/cli.mjs')
if (chosen.includes('ui')) {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit'
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
let failed = false
for (const name of chosen) {
  console.log(`\n=== ${name} benchmark ===`)
  const run = spawnSync(process.execPath, [tsx, join(root, `bench/${name}.bench.ts`)], { cwd: root, stdio: 'inherit' })
  if (run.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)
