import { parseArgs, type ParseArgsConfig } from 'node:util'
import {
  DEFAULT_SERVER_HOSTNAME,
  DEFAULT_SERVER_PORT,
  PAYLOAD_KINDS,
  STREAM_QUERY_PARAMS,
  serverConfigSchema
} from '../../shared/server-config'
import { APP_VERSION } from '../core/version'
import { processContext, type CommandContext } from './command-context'
import { runParse } from './parse-command'
import { runServe } from './serve-command'
import { runTail } from './tail-command'
import { paletteFor } from './terminal-format'
import { runWeb } from './web-command'
import { MAX_LINE_BYTES, RECONNECT_POLICIES, defaultReconnectPolicy, headerNameProblem, type ReconnectPolicy } from '../../shared/contract'
import { MIN_RECONNECT_DELAY_MS } from '../sse/reconnect-policy'
import { defaultBodyContentType } from '../sse/request-body'
import { LLM_FLAGS, LLM_FLAGS_HELP, assemblerOptionsFromFlags } from './assemble-output'
import { readProcessStdin } from './command-context'
import { BodyError, requestBody, type DataArgument } from './request-body'

const MiB = 1024 * 1024

const OVERVIEW = `sse-inspector ${APP_VERSION}: build, demo and debug Server-Sent Events

Usage:
  sse-inspector serve [options]       Run the SSE demo server headless
  sse-inspector web [options]         Serve the inspector UI to your browser (loopback only)
  sse-inspector tail <url> [options]  Follow an event stream in the terminal
  sse-inspector parse <file|->        Parse a captured event stream ('-' reads stdin)
  sse-inspector --help | --version
  sse-inspector <command> --help      One command's options
`

/** Each command's own help, printed by `<command> --help` and, all together, by `--help`. */
const COMMAND_HELP = {
  serve: `serve: run the SSE demo server headless
Usage: sse-inspector serve [options]
  --host H          Address to bind (default ${DEFAULT_SERVER_HOSTNAME}; others need --allow-remote)
  --port N          Port (default ${DEFAULT_SERVER_PORT}; 0 picks a free one)
  --interval MS     Milliseconds between events (default 1000)
  --event NAME      Event type; repeat to rotate over several (default: plain data events)
  --payload KIND    ${PAYLOAD_KINDS.join(' | ')} (default timestamp)
  --retry MS        retry: value sent on connect (default 10000)
  --ids             Send id: fields and replay missed events on Last-Event-ID
  --heartbeat S     A comment every S seconds (default off)
  --allow-remote    Allow binding to a non-loopback address
  -h, --help        This help
  The stream is GET /stream; the server's own help is at GET /. Per-connection scenarios
  go in the query string, e.g. /stream?interval=100&event=tick,tock&ids=1:
${Object.entries(STREAM_QUERY_PARAMS)
  .map(([name, help]) => `    ${name.padEnd(12)} ${help}`)
  .join('\n')}
  GET /_control returns the configuration as JSON; POST /_control with
  {"config": {...}} changes it and {"inject": {"type": "drop"}} fires a failure (loopback only).
`,
  tail: `tail: follow an event stream in the terminal
Usage: sse-inspector tail <url> [options]
  --json                One JSON frame per line on stdout, nothing else (schema: README)
  --no-reconnect        Exit 0 when the stream ends (same as --reconnect off)
  --reconnect POLICY    spec (EventSource: wait the retry: time, at least ${MIN_RECONNECT_DELAY_MS} ms) |
                        backoff (doubles while streams end without an event) | off
                        (default: spec for GET, off for other methods, so a POST is never re-sent)
  --max-events N        Exit 0 after N events
  --max-line-bytes SIZE Longest line accepted (default ${MAX_LINE_BYTES.default / MiB}MiB, up to ${MAX_LINE_BYTES.max / MiB}MiB);
                        bytes, or with a KiB/MiB suffix: 65536, 64KiB, 32MiB
  -X, --method METHOD   Request method (default GET, or POST when there is a body)
  -H, --header "N: v"   Add a request header; repeat for more. A Last-Event-ID set here is
                        sent with the first request only; then the stream's id: fields rule
  -d, --data BODY       Request body, as curl: repeats join with &, @file reads a file and
                        @- standard input (line breaks stripped, as curl does); without a
                        Content-Type header, application/x-www-form-urlencoded is sent
  --data-raw BODY       Like -d, but a leading @ is just a character
  --proxy URL           Go through this HTTP proxy (CONNECT for https:); "direct" for none.
                        Default: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY, as curl
  -k, --insecure        Accept a TLS certificate that does not verify (warned on the stream)
  --allow-insecure-redirects
                        Follow a redirect from https to http, and resend the body on a
                        307/308 to another origin (refused / withheld by default)
${LLM_FLAGS_HELP}
  -h, --help            This help
  Exits 0 when the stream ends with reconnection off, after --max-events, or after an LLM
  answer's end marker ([DONE], message_stop...); 1 after a fatal error (non-200 status, not
  text/event-stream) or when it never connected; 2 on bad usage.
`,
  parse: `parse: parse a captured event stream
Usage: sse-inspector parse <file|-> [options]
  --json                One JSON frame per line
  --summary             One JSON line: events, comments, bytes, types, retry, lastEventId, diagnostics, llm, timing
  --assemble, --dialect, --text-path, --reasoning-path   as for tail
  -h, --help            This help
`,
  web: `web: serve the inspector UI to your browser (loopback only)
Usage: sse-inspector web [options]
  --port N          Port for the UI (default 0: any free port)
  --server-port N   Port for the embedded demo server (default ${DEFAULT_SERVER_PORT})
  -h, --help        This help
`
} as const

const HELP = [OVERVIEW, ...Object.values(COMMAND_HELP)].join('\n')

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
  'allow-remote': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
}
const TAIL_FLAGS: Flags = {
  json: { type: 'boolean' },
  'no-reconnect': { type: 'boolean' },
  reconnect: { type: 'string' },
  'max-events': { type: 'string' },
  method: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd', multiple: true },
  'data-raw': { type: 'string', multiple: true },
  'max-line-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  proxy: { type: 'string' },
  insecure: { type: 'boolean', short: 'k' },
  'allow-insecure-redirects': { type: 'boolean' },
  ...LLM_FLAGS
}
const PARSE_FLAGS: Flags = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...LLM_FLAGS }
const WEB_FLAGS: Flags = { port: { type: 'string' }, 'server-port': { type: 'string' }, help: { type: 'boolean', short: 'h' } }

export class UsageError extends Error {}

/** A flag's value as the user typed it, for an error message. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function integer(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} takes a whole number, not "${shown(value)}".`)
  return n
}

function positive(value: unknown, flag: string): number {
  const n = integer(value, flag, 0)
  if (n < 1) throw new UsageError(`--${flag} takes a number of at least 1.`)
  return n
}

function single(positionals: string[], missing: string): string {
  if (positionals.length === 0) throw new UsageError(missing)
  if (positionals.length > 1) throw new UsageError(`Unexpected extra arguments: ${positionals.slice(1).join(' ')}`)
  return positionals[0] as string
}

function policy(value: unknown, method: string): ReconnectPolicy {
  if (value === undefined) return defaultReconnectPolicy(method)
  if (!(RECONNECT_POLICIES as readonly unknown[]).includes(value)) {
    throw new UsageError(`--reconnect takes ${RECONNECT_POLICIES.join(', ')}; not "${shown(value)}".`)
  }
  return value as ReconnectPolicy
}

/** "Name: value", as curl takes it. */
export function parseHeader(line: string): { name: string; value: string } {
  const colon = line.indexOf(':')
  if (colon <= 0) throw new UsageError(`Header "${line}" has no name and colon; write it as "Name: value".`)
  const name = line.slice(0, colon).trim()
  const problem = headerNameProblem(name)
  if (problem) throw new UsageError(problem)
  return { name, value: line.slice(colon + 1).trim() }
}

function parse(flags: Flags, args: string[]) {
  try {
    return parseArgs({ args, options: flags, allowPositionals: true, strict: true, tokens: true })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, kb: 1024, kib: 1024, m: MiB, mb: MiB, mib: MiB }

/** A byte size as the user wrote it: a whole number of bytes, or with a KiB or MiB suffix (binary, as curl's). */
export function byteSize(value: unknown, flag: string, range: { min: number; max: number }): number {
  const match = typeof value === 'string' ? /^(\d+)\s*([a-z]*)$/i.exec(value.trim()) : null
  const unit = match ? SIZE_UNITS[(match[2] ?? '').toLowerCase()] : undefined
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : NaN
  if (!Number.isSafeInteger(bytes) || bytes < range.min || bytes > range.max) {
    throw new UsageError(
      `--${flag} takes a size from ${range.min / 1024}KiB to ${range.max / MiB}MiB, as bytes or with a KiB or MiB suffix (e.g. 64MiB); not "${shown(value)}".`
    )
  }
  return bytes
}

/** -d and --data-raw values in the order given, since curl joins them in that order. */
function dataArguments(tokens: ReturnType<typeof parse>['tokens']): DataArgument[] {
  return tokens.flatMap((t) =>
    t.kind === 'option' && (t.name === 'data' || t.name === 'data-raw') && typeof t.value === 'string'
      ? [{ raw: t.name === 'data-raw', value: t.value }]
      : []
  )
}

/** --assemble, --summary and the dialect overrides, checked. */
function llmFlags(values: Record<string, unknown>) {
  const parsed = assemblerOptionsFromFlags({
    dialect: values.dialect,
    textPath: values['text-path'],
    reasoningPath: values['reasoning-path']
  })
  if (!parsed.ok) throw new UsageError(parsed.error)
  if (values.assemble === true && values.json === true) throw new UsageError('Choose one of --json and --assemble.')
  return { assemble: values.assemble === true, summary: values.summary === true, assembler: parsed.options }
}

export async function main(argv: string[], ctx: CommandContext = processContext()): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command !== undefined && command in COMMAND_HELP && (rest.includes('--help') || rest.includes('-h'))) {
      ctx.stdout(COMMAND_HELP[command as keyof typeof COMMAND_HELP])
      return 0
    }
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
            hostname: typeof values.host === 'string' ? values.host : DEFAULT_SERVER_HOSTNAME,
            port: integer(values.port, 'port', DEFAULT_SERVER_PORT),
            allowRemote: values['allow-remote'] === true,
            // Flags not given must not override the defaults with undefined.
            config: Object.fromEntries(Object.entries(config.data).filter(([, v]) => v !== undefined))
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
      case 'tail': {
        const { values, positionals, tokens } = parse(TAIL_FLAGS, rest)
        const url = single(positionals, 'tail needs the stream URL: sse-inspector tail <url>')
        const headers = ((values.header as string[] | undefined) ?? []).map(parseHeader)
        const maxLineBytes =
          values['max-line-bytes'] === undefined ? undefined : byteSize(values['max-line-bytes'], 'max-line-bytes', MAX_LINE_BYTES)
        let body: string | undefined
        try {
          body = await requestBody(dataArguments(tokens), ctx.readStdin ?? readProcessStdin)
        } catch (err) {
          if (err instanceof BodyError) throw new UsageError(err.message)
          throw err
        }
        // curl's defaults with a body: POST, and a form content type unless one was given; a JSON
        // body gets application/json instead (from the client), since the APIs people stream from refuse a form type.
        if (body !== undefined && defaultBodyContentType(body) === null && !headers.some((h) => h.name.toLowerCase() === 'content-type')) {
          headers.push({ name: 'Content-Type', value: 'application/x-www-form-urlencoded' })
        }
        const method = typeof values.method === 'string' ? values.method.toUpperCase() : body !== undefined ? 'POST' : 'GET'
        const reconnect = values['no-reconnect'] === true ? 'off' : policy(values.reconnect, method)
        // The UI says this once when the policy is chosen for a POST; so does tail (issue #12).
        if (method !== 'GET' && reconnect !== 'off') {
          ctx.stderr(
            `Note: with --reconnect ${reconnect} every reconnection sends this ${method} again (an LLM API generates and bills the ` +
              'whole answer again). Use --reconnect off unless repeating the request is safe.'
          )
        }
        return await runTail(
          {
            url,
            method,
            headers,
            body,
            maxLineBytes,
            ...(typeof values.proxy === 'string' ? { proxy: values.proxy } : {}),
            insecure: values.insecure === true,
            allowInsecureRedirects: values['allow-insecure-redirects'] === true,
            reconnect,
            json: values.json === true,
            maxEvents: values['max-events'] === undefined ? null : positive(values['max-events'], 'max-events'),
            palette: paletteFor(process.stdout),
            llm: llmFlags(values)
          },
          ctx
        )
      }
      case 'parse': {
        const { values, positionals } = parse(PARSE_FLAGS, rest)
        const source = single(positionals, "parse needs a file, or '-' for standard input")
        if ([values.json, values.summary, values.assemble].filter(Boolean).length > 1) {
          throw new UsageError('Choose one of --json, --summary and --assemble.')
        }
        const output = values.json ? 'json' : values.summary ? 'summary' : values.assemble ? 'assemble' : 'log'
        return await runParse({ source, output, palette: paletteFor(process.stdout), llm: llmFlags(values).assembler }, ctx)
      }
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
