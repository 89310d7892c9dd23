import type { ReconnectPolicy } from '../../shared/contract'
import type { Frame } from '../../shared/frames'
import { SseClient } from '../sse/client'
import { lineLimitOptions } from '../sse/line-limit'
import type { CommandContext } from './command-context'
import { formatFrameLine, terminalSafeJson, type Palette } from './terminal-format'
import { LlmSession, countFrame, lineWriter, type LlmOutputOptions, type StreamCounts } from './assemble-output'

export interface TailOptions {
  url: string
  method: string
  headers: Array<{ name: string; value: string }>
  body?: string
  /** --proxy: a proxy URL or `direct`; absent to follow the *_PROXY environment variables. */
  proxy?: string
  /** -k/--insecure: accept a certificate that does not verify. */
  insecure?: boolean
  /** --allow-insecure-redirects: follow https→http and resend the body to another origin. */
  allowInsecureRedirects?: boolean
  reconnect: ReconnectPolicy
  /** Longest line accepted, in bytes (default MAX_LINE_BYTES.default). */
  maxLineBytes?: number
  json: boolean
  maxEvents: number | null
  palette: Palette
  /** --assemble, --summary and their dialect overrides. */
  llm?: LlmOutputOptions
}

/**
 * Follows a stream until it is done: exit 0 when it ends with reconnection off or after
 * --max-events, 1 after a fatal error or when it never opened, 130 on Ctrl+C.
 */
export function runTail(options: TailOptions, ctx: CommandContext): Promise<number> {
  return new Promise((resolve) => {
    let events = 0
    let opened = false
    let exitCode: number | null = null
    const llmOptions = options.llm && (options.llm.assemble || options.llm.summary) ? options.llm : null
    const llm = llmOptions
      ? new LlmSession(llmOptions, { write: ctx.write ?? lineWriter(ctx.stdout), line: ctx.stdout, errLine: ctx.stderr }, options.palette)
      : null
    const counts: StreamCounts = { events: 0, comments: 0, bytes: 0, types: {}, retry: null, lastEventId: '', diagnostics: {} }
    const printFrames = !llmOptions || (options.json && !llmOptions.assemble)
    const client = new SseClient(
      {
        connectionId: 'tail',
        url: options.url,
        method: options.method,
        headers: options.headers,
        body: options.body,
        reconnect: options.reconnect,
        parser: lineLimitOptions(
          options.maxLineBytes,
          'To accept longer lines, run tail again with a larger --max-line-bytes, e.g. --max-line-bytes 64MiB.'
        ),
        ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
        ...(options.insecure ? { insecure: true } : {}),
        ...(options.allowInsecureRedirects ? { allowInsecureRedirects: true } : {})
      },
      (frame: Frame) => {
        if (exitCode !== null && frame.kind !== 'close') return
        llm?.observe(frame)
        countFrame(counts, frame)
        if (printFrames) ctx.stdout(options.json ? terminalSafeJson(frame) : formatFrameLine(frame, options.palette))
        // --summary alone prints no frames (and --assemble prints its own status lines): errors still say what went wrong.
        else if (frame.kind === 'error' && !llmOptions?.assemble) ctx.stderr(formatFrameLine(frame, options.palette))
        holdWhileStdoutFull()
        if (frame.kind === 'open') opened = true
        if (frame.kind === 'error' && frame.fatal) exitCode = 1
        if (frame.kind === 'event' && options.maxEvents !== null && ++events >= options.maxEvents && exitCode === null) {
          exitCode = 0
          client.close(`Received ${events} events (--max-events)`)
        }
        // A stream that never opened did not do its job, even with reconnection off.
        if (frame.kind === 'close') {
          const end = llm?.finish()
          counts.bytes = client.bodyBytes
          if (end && llmOptions?.summary) ctx.stdout(terminalSafeJson({ ...counts, ...end }))
          resolve(exitCode ?? (opened ? 0 : 1))
        }
      }
    )
    // A reader that stops reading (`| less`, paused) must not make tail buffer the stream in memory:
    // stop reading the response until stdout drains, so TCP flow control slows the server instead.
    let held = false
    function holdWhileStdoutFull(): void {
      const pressure = ctx.stdoutBackpressure
      if (held || !pressure?.full()) return
      held = true
      client.pause()
      pressure.onDrain(() => {
        held = false
        client.resume()
      })
    }
    void ctx.untilInterrupted().then(() => {
      if (exitCode === null) exitCode = 130
      client.close('Interrupted')
    })
    client.start()
  })
}
