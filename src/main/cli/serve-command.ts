import { DemoServer } from '../demo-server/demo-server'
import type { ServerConfig } from '../../shared/server-config'
import type { CommandContext } from './command-context'

export interface ServeCommandOptions {
  hostname: string
  port: number
  allowRemote: boolean
  config: Partial<ServerConfig>
}

export async function runServe(options: ServeCommandOptions, ctx: CommandContext): Promise<number> {
  let lastLogged = ''
  const server = new DemoServer({
    hostname: options.hostname,
    port: options.port,
    config: options.config,
    allowNonLoopback: options.allowRemote,
    log: (line) => {
      lastLogged = line
      ctx.stderr(line)
    }
  })
  let status
  try {
    status = await server.start()
  } catch (err) {
    // The server logs most start failures itself; say the others.
    const message = (err as Error).message
    if (!lastLogged.endsWith(message)) ctx.stderr(message)
    return 1
  }
  ctx.stdout(`SSE demo server listening: ${status.url}`)
  await ctx.untilInterrupted()
  await server.stop()
  return 0
}
