#!/usr/bin/env node
// The CLI runs the same core as the desktop app, built to out/main by `npm run build`.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const entry = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(fileURLToPath(entry))) {
  console.error(
    `SSE Inspector is not built yet (missing ${fileURLToPath(entry)}). Run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))} first.`
  )
  process.exit(1)
}
const { main } = await import(entry.href)
const code = await main(process.argv.slice(2))
// Exit explicitly (idle keep-alive sockets would hold the process), but only once stdout is flushed.
process.stdout.write('', () => process.exit(code))
