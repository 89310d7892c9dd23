import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import type { z } from 'zod'
import type { Expect, parseSummarySchema, Same } from '../../shared/frame-schema'
import type { Frame } from '../../shared/frames'
import { EventStreamParser } from '../sse/parser'
import type { CommandContext } from './command-context'
import { formatFrameLine, terminalSafeJson, type Palette } from './terminal-format'
import { LlmSession, countFrame, lineWriter, type LlmSummary, type StreamCounts, type TimingSummary } from './assemble-output'
import type { LlmAssemblerOptions } from '../../shared/llm/types'

export interface ParseOptions {
  /** A path, or '-' for standard input. */
  source: string
  /** `assemble` prints the LLM answer the capture holds (see assemble-output.ts). */
  output: 'log' | 'json' | 'summary' | 'assemble'
  palette: Palette
  /** Dialect overrides (--dialect, --text-path) for `summary` and `assemble`. */
  llm?: LlmAssemblerOptions
  stdin?: Readable
}

/** The `--summary` line, published as docs/summary.schema.json (from parseSummarySchema). */
export interface ParseSummary extends StreamCounts {
  /** The LLM answer the capture holds, if any (dialect null when none matched). */
  llm?: LlmSummary
  /** Token timing from the frames' times; a capture has no connecting frame, so times since it are null. */
  timing?: TimingSummary
}

// The published schema must describe exactly this shape.
export type _SummaryMatchesSchema = Expect<Same<ParseSummary, z.infer<typeof parseSummarySchema>>>

/** Reads a captured event stream and prints its frames, or one summary line. */
export async function runParse(options: ParseOptions, ctx: CommandContext): Promise<number> {
  const input = options.source === '-' ? (options.stdin ?? process.stdin) : createReadStream(options.source)
  const label = options.source === '-' ? 'stdin' : options.source
  const summary: ParseSummary = { events: 0, comments: 0, bytes: 0, types: {}, retry: null, lastEventId: '', diagnostics: {} }
  const llm =
    options.output === 'summary' || options.output === 'assemble'
      ? new LlmSession(
          { assemble: options.output === 'assemble', summary: options.output === 'summary', assembler: options.llm ?? {}, untimed: true },
          { write: ctx.write ?? lineWriter(ctx.stdout), line: ctx.stdout, errLine: ctx.stderr },
          options.palette
        )
      : null
  const parser = new EventStreamParser((parsed) => {
    const frame = { ...parsed, connectionId: label, time: Date.now() } as Frame
    llm?.observe(frame)
    countFrame(summary, frame)
    if (options.output === 'json') ctx.stdout(terminalSafeJson(frame))
    else if (options.output === 'log') ctx.stdout(formatFrameLine(frame, options.palette))
  })
  try {
    for await (const chunk of input) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
      summary.bytes += bytes.length
      parser.feed(bytes)
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    ctx.stderr(code === 'ENOENT' ? `No such file: ${options.source}` : `Could not read ${label}: ${(err as Error).message}`)
    return 1
  }
  parser.end()
  // The parser's own: an id: in a block that dispatched nothing still counts (WHATWG HTML, "dispatch the event").
  summary.lastEventId = parser.lastEventId
  const end = llm?.finish()
  if (options.output === 'summary') ctx.stdout(terminalSafeJson({ ...summary, ...end }))
  return 0
}
