import type { ParseArgsConfig } from 'node:util'
import type { DiagnosticCode, Frame } from '../../shared/frames'
import { LlmAssembler } from '../../shared/llm/assembler'
import { parseDialect } from '../../shared/llm/dialect-name'
import { compileJsonPath } from '../../shared/llm/json-path'
import { measureTiming, type TimedFrame } from '../../shared/llm/timing'
import type { LlmAssemblerOptions, LlmChoice, LlmDelta, LlmSnapshot, LlmTiming } from '../../shared/llm/types'
import { formatFrameLine, sanitizeForTerminal, type Palette } from './terminal-format'

/**
 * The CLI's LLM features (README "LLM streams"): `--assemble` prints the answer as it streams,
 * `--summary` ends with one JSON line holding `llm` and `timing`, and `--dialect` /
 * `--text-path` / `--reasoning-path` override detection. Shared by `tail` and `parse`.
 */

/** The flags `tail` and `parse` take for LLM streams (`--summary` is parse's already). */
export const LLM_FLAGS = {
  assemble: { type: 'boolean' },
  summary: { type: 'boolean' },
  dialect: { type: 'string' },
  'text-path': { type: 'string' },
  'reasoning-path': { type: 'string' }
} satisfies NonNullable<ParseArgsConfig['options']>

/** --help lines for LLM_FLAGS. */
export const LLM_FLAGS_HELP = `  --assemble            Print the LLM answer as it streams (reasoning and tool calls labelled), then its timing
  --summary             End with one JSON line: counts, llm (dialect, text, toolCalls, usage, completed...) and timing
  --dialect NAME        Read the stream as openai-chat | openai-responses | anthropic | gemini | ai-sdk | custom
  --text-path EXPR      Custom rule: where the text is in each event's JSON, e.g. '$.choices[*].delta.content'
  --reasoning-path EXPR Custom rule: where reasoning text is`

export interface LlmOutputOptions {
  /** Print the answer as it streams instead of frame lines. */
  assemble: boolean
  /** End with one JSON summary line. */
  summary: boolean
  assembler: LlmAssemblerOptions
  /**
   * The frames carry no times of their own (a capture read by `parse`, stamped as it is read):
   * gaps and stalls are then unknown (null, none), like the times since connecting.
   */
  untimed?: boolean
}

/** Reads `--dialect`, `--text-path`, `--reasoning-path` into assembler options, or says what is wrong. */
export function assemblerOptionsFromFlags(flags: {
  dialect?: unknown
  textPath?: unknown
  reasoningPath?: unknown
}): { ok: true; options: LlmAssemblerOptions } | { ok: false; error: string } {
  try {
    const dialect = typeof flags.dialect === 'string' ? parseDialect(flags.dialect) : undefined
    const text = typeof flags.textPath === 'string' ? flags.textPath : undefined
    const reasoning = typeof flags.reasoningPath === 'string' ? flags.reasoningPath : undefined
    if (reasoning !== undefined && text === undefined) return { ok: false, error: '--reasoning-path needs --text-path as well.' }
    if (text === undefined) {
      if (dialect === 'custom') return { ok: false, error: '--dialect custom needs --text-path EXPR, e.g. --text-path "$.delta.text".' }
      return { ok: true, options: dialect ? { dialect } : {} }
    }
    if (dialect !== undefined && dialect !== 'custom') {
      return { ok: false, error: `--text-path reads the stream with a custom rule, so it cannot be combined with --dialect ${dialect}.` }
    }
    compileJsonPath(text)
    if (reasoning !== undefined) compileJsonPath(reasoning)
    return { ok: true, options: { custom: { text, ...(reasoning !== undefined ? { reasoning } : {}) } } }
  } catch (err) {
    return { ok: false, error: (err as Error).message }
  }
}

/** The `llm` object of a summary line. */
export interface LlmSummary {
  dialect: LlmSnapshot['dialect']
  text: string
  reasoning: string
  toolCalls: Array<{ id: string | null; name: string | null; arguments: string; argumentsValid: boolean }>
  finishReason: string | null
  usage: Record<string, unknown> | null
  completed: boolean
  /** In-band errors, with the index of the frame that carried each. */
  errors: LlmSnapshot['errors']
  /** Where the stream stopped fitting its dialect. */
  misfits: LlmSnapshot['misfits']
  /** Every choice, when there was more than one (`n > 1`); the fields above are choice 0's. */
  choices?: Array<Omit<LlmSummary, 'dialect' | 'usage' | 'completed' | 'errors' | 'misfits' | 'choices'> & { index: number }>
}

/** The `timing` object of a summary line (LlmTiming; stalls as a count and the list). */
export type TimingSummary = LlmTiming

function choiceSummary(choice: LlmChoice | undefined) {
  return {
    text: choice?.text ?? '',
    reasoning: choice?.reasoning ?? '',
    toolCalls: (choice?.toolCalls ?? []).map((t) => ({ id: t.id, name: t.name, arguments: t.arguments, argumentsValid: t.argumentsValid })),
    finishReason: choice?.finishReason ?? null
  }
}

export function summarizeLlm(s: LlmSnapshot): LlmSummary {
  return {
    dialect: s.dialect,
    ...choiceSummary(s.choices[0]),
    usage: s.usage,
    completed: s.completed,
    errors: s.errors,
    misfits: s.misfits,
    ...(s.choices.length > 1 ? { choices: s.choices.map((c) => ({ index: c.index, ...choiceSummary(c) })) } : {})
  }
}

/**
 * Follows one stream's frames for the LLM features: keeps each frame's kind and time (for
 * timing), feeds events to the assembler with their frame index, and prints the answer as it
 * streams when asked to.
 */
export class LlmSession {
  private readonly frames: TimedFrame[] = []
  private assembler: LlmAssembler
  private readonly printer: AnswerPrinter | null
  /** The `connecting` frame of the attempt whose answer is being assembled, once there was a reconnection. */
  private attemptFrame: number | undefined

  constructor(
    readonly options: LlmOutputOptions,
    private readonly out: { write: (text: string) => void; line: (text: string) => void; errLine: (text: string) => void },
    private readonly palette: Palette
  ) {
    this.printer = options.assemble ? new AnswerPrinter(out.write, palette) : null
    this.assembler = this.newAssembler()
  }

  private newAssembler(): LlmAssembler {
    return new LlmAssembler({ ...this.options.assembler, onDelta: (d) => this.printer?.delta(d) })
  }

  observe(frame: Frame): void {
    const index = this.frames.length
    this.frames.push({ kind: frame.kind, time: frame.time })
    if (frame.kind === 'connecting' && frame.attempt > 0) {
      // The request went out again, so the server starts a new answer: assemble and time that one.
      this.assembler = this.newAssembler()
      this.attemptFrame = index
      this.printer?.restart()
    }
    if (frame.kind === 'event') this.assembler.push({ type: frame.type, data: frame.data, index })
    // With --assemble the answer owns stdout; how the connection went still goes to stderr.
    else if (this.options.assemble && frame.kind !== 'comment' && frame.kind !== 'retry') {
      // On a terminal both streams share the screen: a status line must not land mid-answer.
      this.printer?.breakLine()
      this.out.errLine(formatFrameLine(frame, this.palette))
    }
  }

  snapshot(): LlmSnapshot {
    return this.assembler.snapshot()
  }

  timing(): LlmTiming {
    const timing = measureTiming(this.frames, this.assembler.snapshot(), { startFrame: this.attemptFrame })
    // Read-time gaps and rates would pass for the stream's own: 0 ms for a file, made-up stalls for a slow pipe.
    return this.options.untimed ? { ...timing, charsPerSecond: null, gapP50Ms: null, gapP95Ms: null, gapMaxMs: null, stalls: [] } : timing
  }

  /** Ends the printed answer with the timing; returns the summary fields for a summary line. */
  finish(): { llm: LlmSummary; timing: TimingSummary } {
    const snapshot = this.snapshot()
    const timing = this.timing()
    if (this.printer) {
      this.printer.end()
      for (const line of closingLines(snapshot, timing, this.palette)) this.out.line(line)
    }
    return { llm: summarizeLlm(snapshot), timing }
  }
}

/** Prints assembled pieces as they arrive, each kind set apart with a label. */
export class AnswerPrinter {
  private section: string | null = null
  private atLineStart = true
  /** A high surrogate that ended a piece: printed with the low one from the next piece, never alone. */
  private heldSurrogate = ''

  constructor(
    private readonly write: (text: string) => void,
    private readonly c: Palette
  ) {}

  delta(d: LlmDelta): void {
    const key = d.part === 'tool-arguments' ? `${d.choice}:tool:${d.tool.index}` : `${d.choice}:${d.part}`
    if (key !== this.section) {
      this.releaseSurrogate()
      if (!this.atLineStart) this.emit('\n')
      const choice = d.choice > 0 ? this.c.dim(`[choice ${d.choice}] `) : ''
      const label =
        d.part === 'reasoning'
          ? this.c.magenta('reasoning ▸ ')
          : d.part === 'tool-arguments'
            ? this.c.cyan(
                `tool call ${sanitizeForTerminal(d.tool.name ?? '?')}${d.tool.id ? ` (${sanitizeForTerminal(d.tool.id)})` : ''} ▸ `
              )
            : this.section === null && d.choice === 0
              ? ''
              : this.c.green('answer ▸ ')
      this.emit(choice + label)
      this.section = key
    }
    let text = this.heldSurrogate + d.text
    this.heldSurrogate = ''
    const last = text.charCodeAt(text.length - 1)
    if (last >= 0xd800 && last <= 0xdbff) {
      this.heldSurrogate = text.slice(-1)
      text = text.slice(0, -1)
    }
    if (text === '') return
    const safe = sanitizeAnswer(text)
    this.emit(d.part === 'text' ? safe : this.c.dim(safe))
  }

  /** The request was sent again: what follows is a new answer, printed from the start. */
  restart(): void {
    this.releaseSurrogate()
    this.breakLine()
    if (this.section !== null) this.emit(`${this.c.yellow('↻ reconnected: the answer starts again')}\n`)
    this.section = null
  }

  /** Ends the current line, if one is open, so something else can be printed; the answer carries on below. */
  breakLine(): void {
    if (!this.atLineStart) this.emit('\n')
  }

  /** Ends the last line. */
  end(): void {
    this.releaseSurrogate()
    if (!this.atLineStart) this.emit('\n')
  }

  private releaseSurrogate(): void {
    // Its other half never came: show the replacement character, as a decoder would.
    if (this.heldSurrogate) this.emit('\uFFFD')
    this.heldSurrogate = ''
  }

  private emit(text: string): void {
    if (text === '') return
    this.write(text)
    this.atLineStart = text.endsWith('\n')
  }
}

/** Answer text for a terminal: its line breaks kept, every other control character made visible. */
export function sanitizeAnswer(text: string): string {
  return text.replace(/\r\n/g, '\n').split('\n').map(sanitizeForTerminal).join('\n')
}

/** `write` for a context that only prints whole lines: holds the unfinished line until it ends. */
export function lineWriter(line: (text: string) => void): (text: string) => void {
  let pending = ''
  return (text) => {
    const parts = (pending + text).split('\n')
    pending = parts.pop() ?? ''
    for (const part of parts) line(part)
  }
}

/** The stream counts a tail summary shares with `parse --summary` (docs/summary.schema.json). */
export interface StreamCounts {
  events: number
  comments: number
  /** Body bytes read, after undoing any Content-Encoding (as `parse` counts a capture's bytes). */
  bytes: number
  types: Record<string, number>
  retry: number | null
  lastEventId: string
  /** Diagnostics raised, per code. */
  diagnostics: Partial<Record<DiagnosticCode, number>>
}

export function countFrame(counts: StreamCounts, frame: Frame): void {
  if (frame.kind === 'event') {
    counts.events += 1
    counts.types[frame.type] = (counts.types[frame.type] ?? 0) + 1
    counts.lastEventId = frame.lastEventId
  } else if (frame.kind === 'comment') counts.comments += 1
  else if (frame.kind === 'retry') counts.retry = frame.ms
  else if (frame.kind === 'diagnostic') counts.diagnostics[frame.code] = (counts.diagnostics[frame.code] ?? 0) + 1
}

const ms = (n: number | null): string => (n === null ? '–' : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`)

/** What follows a printed answer: how it ended, its timing, its usage, and anything that went wrong. */
export function closingLines(s: LlmSnapshot, t: LlmTiming, c: Palette): string[] {
  if (s.dialect === null && s.choices.length === 0) {
    return [
      c.yellow('No LLM answer found: no event matched a known dialect. Name one with --dialect, or say where the text is with --text-path.')
    ]
  }
  const finish = s.choices.map((ch) => ch.finishReason).find((r) => r !== null)
  const head = [
    s.dialect ?? 'unknown dialect',
    s.completed ? c.green('completed') : c.yellow('not completed (no end marker)'),
    ...(finish ? [`finish ${sanitizeForTerminal(finish)}`] : [])
  ]
  const timing = [
    `ttfb ${ms(t.ttfbMs)}`,
    `first token ${ms(t.ttftMs)}`,
    `total ${ms(t.durationMs)}`,
    `${t.chunks} chunks`,
    ...(t.charsPerSecond !== null ? [`${t.charsPerSecond} chars/s`] : []),
    `gaps p50 ${ms(t.gapP50Ms)} p95 ${ms(t.gapP95Ms)} max ${ms(t.gapMaxMs)}`,
    ...(t.stalls.length ? [c.yellow(`${t.stalls.length} stall${t.stalls.length > 1 ? 's' : ''} over 1 s`)] : [])
  ]
  const lines = [c.dim(`── ${head.join(' · ')}`), c.dim(`   ${timing.join(' · ')}`)]
  if (s.usage) lines.push(c.dim(`   usage ${sanitizeForTerminal(JSON.stringify(s.usage))}`))
  for (const ch of s.choices) {
    for (const call of ch.toolCalls) {
      if (!call.argumentsValid) {
        lines.push(
          c.yellow(
            `   tool call ${sanitizeForTerminal(call.name ?? '?')}: arguments are not valid JSON (${sanitizeForTerminal(call.argumentsError ?? '')})`
          )
        )
      }
    }
  }
  for (const e of s.errors)
    lines.push(c.red(`   error in frame ${e.frame}: ${sanitizeForTerminal(e.message)}${e.code ? ` (${sanitizeForTerminal(e.code)})` : ''}`))
  for (const m of s.misfits.slice(0, 5)) lines.push(c.yellow(`   frame ${m.frame} did not fit: ${sanitizeForTerminal(m.reason)}`))
  if (s.misfits.length > 5) lines.push(c.yellow(`   and ${s.misfits.length - 5} more frames that did not fit`))
  return lines
}
