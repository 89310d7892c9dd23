import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InspectorCore } from '../core/inspector-core'
import { WebServer } from '../web/web-server'
import type { CommandContext } from './command-context'

const here = fileURLToPath(new URL('.', import.meta.url))

export interface WebCommandOptions {
  port: number
  serverPort: number
}

/** Runs browser mode until interrupted. Resolves with the exit code. */
export async function runWeb(options: WebCommandOptions, ctx: CommandContext): Promise<number> {
  const rendererDir = join(here, '../renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    ctx.stderr(`The UI is not built (no ${rendererDir}/index.html). Run \`npm run build\` first.`)
    return 1
  }
  const core = new InspectorCore({ transport: 'web', serverPort: options.serverPort, log: ctx.stderr })
  await core.start()
  // A busy demo-server port is not fatal (the server has said why): the UI offers another port.
  if (core.demoServer.status().error) {
    ctx.stderr('The inspector runs without its demo server: start it from the Demo server panel on another port, or pass --server-port N.')
  }

  const web = new WebServer({ core, rendererDir, port: options.port })
  let info
  try {
    info = await web.start()
  } catch (err) {
    await core.dispose()
    const code = (err as NodeJS.ErrnoException).code
    ctx.stderr(
      code === 'EADDRINUSE'
        ? `Port ${options.port} is already in use. Pick another with --port N, or --port 0 for any free port.`
        : `Browser mode could not start: ${(err as Error).message}`
    )
    return 1
  }
  ctx.stdout(
    `SSE Inspector (browser mode) is running. Open this URL in your browser:\n  ${info.url}\n` +
      'The key in it stays in the tab that opens it (a reload keeps it); open the URL again for each new tab.'
  )
  await ctx.untilInterrupted()
  await web.stop()
  await core.dispose()
  return 0
}
