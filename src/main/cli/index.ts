import { parseArgs, type ParseArgsConfig } from 'node:util'
import { DEFAULT_SERVER_HOST, DEFAULT_SERVER_PORT, PAYLOAD_KINDS, serverConfigSchema } from '../../shared/server-config'
import { APP_VERSION } from '../core/version'
import { processContext, type CommandContext } from './command-context'
import { runServe } from './serve-command'
import { runWeb } from './web-command'

const HELP = `sse-inspector ${APP_VERSION}: build, demo and debug Server-Sent Events

Usage:
  sse-inspector serve [options]       Run the SSE demo server headless
  sse-inspector web [options]         Serve the inspector UI to your browser (loopback only)
  sse-inspector tail <url> [options]  Follow an event stream in the terminal
  sse-inspector parse <file|->        Parse a captured event stream
  sse-inspector --help | --version

serve:
  --host H          Address to bind (default ${DEFAULT_SERVER_HOST}; others need --allow-remote)
  --port N          Port (default ${DEFAULT_SERVER_PORT}; 0 picks a free one)
  --interval MS     Milliseconds between events (default 1000)
  --event NAME      Event type; repeat to rotate over several (default: plain data events)
  --payload KIND    ${PAYLOAD_KINDS.join(' | ')} (default timestamp)
  --retry MS        retry: value sent on connect (default 10000)
  --ids             Send id: fields and replay missed events on Last-Event-ID
  --heartbeat S     A comment every S seconds (default off)
  --allow-remote    Allow binding to a non-loopback address
  The stream is GET /stream; the server's own help is at GET /.

web:
  --port N          Port for the UI (default 0: any free port)
  --server-port N   Port for the embedded demo server (default ${DEFAULT_SERVER_PORT})
`

type Flags = NonNullable<ParseArgsConfig['options']>

const SERVE_FLAGS: Flags = {
  host: { type: 'string' },
  port: { type: 'string' },
  interval: { type: 'string' },
  event: { type: 'string', multiple: true },
  payload: { type: 'string' },
  retry: { type: 'string' },
  ids: { type: 'boolean' },
  heartbeat: { type: 'string' },
  'allow-remote': { type: 'boolean' }
}
const WEB_FLAGS: Flags = { port: { type: 'string' }, 'server-port': { type: 'string' } }

export class UsageError extends Error {}

function integer(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} takes a whole number, not "${String(value)}".`)
  return n
}

function parse(flags: Flags, args: string[]) {
  try {
    return parseArgs({ args, options: flags, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

export async function main(argv: string[], ctx: CommandContext = processContext()): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        ctx.stdout(HELP)
        return 0
      case '-v':
      case '--version':
        ctx.stdout(APP_VERSION)
        return 0
      case 'serve': {
        const { values } = parse(SERVE_FLAGS, rest)
        const config = serverConfigSchema.partial().safeParse({
          intervalMs: values.interval === undefined ? undefined : integer(values.interval, 'interval', 1000),
          eventTypes: values.event,
          payload: values.payload,
          retryMs: values.retry === undefined ? undefined : integer(values.retry, 'retry', 10_000),
          ids: values.ids,
          heartbeatSec: values.heartbeat === undefined ? undefined : integer(values.heartbeat, 'heartbeat', 0)
        })
        if (!config.success) throw new UsageError(config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
        return await runServe(
          {
            host: typeof values.host === 'string' ? values.host : DEFAULT_SERVER_HOST,
            port: integer(values.port, 'port', DEFAULT_SERVER_PORT),
            allowRemote: values['allow-remote'] === true,
            config: config.data
          },
          ctx
        )
      }
      case 'web': {
        const { values } = parse(WEB_FLAGS, rest)
        return await runWeb(
          { port: integer(values.port, 'port', 0), serverPort: integer(values['server-port'], 'server-port', DEFAULT_SERVER_PORT) },
          ctx
        )
      }
      case 'tail':
      case 'parse':
        ctx.stderr(`sse-inspector ${command} is not available yet.`)
        return 2
      default:
        throw new UsageError(`Unknown command "${command}".`)
    }
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.stderr(`${err.message}\nRun \`sse-inspector --help\` for usage.`)
      return 2
    }
    throw err
  }
}
