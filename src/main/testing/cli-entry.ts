/**
 * The CLI run from source, in a process of its own, as bin/sse-inspector.js runs the build: for
 * tests that need its real stdout and exit code without building first: spawn
 * `node node_modules/tsx/dist/cli.mjs src/main/testing/cli-entry.ts <args>`.
 */
import { main } from '../cli/index'

const code = await main(process.argv.slice(2))
// As the bin does: exit once stdout is flushed, or idle keep-alive sockets would hold the process.
process.stdout.write('', () => process.exit(code))
