import { TextBuffer } from './text-buffer'
import type { LlmChoice, LlmDelta, LlmMisfit, LlmSnapshot, LlmSpan, LlmSpanPart, LlmStreamError, LlmToolCall } from './types'

type DeltaListener = ((delta: LlmDelta) => void) | undefined

/** A tool call while its arguments stream in. */
export class ToolCallDraft {
  readonly args = new TextBuffer()
  readonly frames: number[] = []
  /** Pieces appended so far: a provider's final full value applies only when none arrived. */
  pieces = 0
  private checkedLength = -1
  private check: { valid: boolean; error?: string } = { valid: false }

  constructor(
    public id: string | null,
    public name: string | null,
    readonly index: number,
    private readonly choice: number,
    private readonly onDelta: DeltaListener
  ) {}

  appendArguments(piece: string, frame: number): void {
    this.args.append(piece)
    this.pieces += 1
    this.touch(frame)
    this.announce(piece, frame)
  }

  /** The whole arguments at once, when no piece arrived (a provider's final value). */
  setArguments(text: string, frame: number): void {
    this.args.set(text)
    this.touch(frame)
    this.announce(text, frame)
  }

  private announce(text: string, frame: number): void {
    const tool = { index: this.index, id: this.id, name: this.name }
    this.onDelta?.({ part: 'tool-arguments', choice: this.choice, text, frame, tool })
  }

  touch(frame: number): void {
    if (this.frames[this.frames.length - 1] !== frame) this.frames.push(frame)
  }

  toSnapshot(): LlmToolCall {
    const text = this.args.toString()
    // Parsing a large argument string on every snapshot would be quadratic; parse once per length.
    if (this.checkedLength !== text.length) {
      this.checkedLength = text.length
      this.check = validateJson(text)
    }
    return {
      id: this.id,
      name: this.name,
      index: this.index,
      arguments: text,
      argumentsValid: this.check.valid,
      ...(this.check.error !== undefined ? { argumentsError: this.check.error } : {}),
      frames: [...this.frames]
    }
  }
}

function validateJson(text: string): { valid: boolean; error?: string } {
  if (text.trim() === '') return { valid: false, error: 'No arguments arrived.' }
  try {
    JSON.parse(text)
    return { valid: true }
  } catch (err) {
    return { valid: false, error: (err as Error).message }
  }
}

/** One choice while it streams in. */
export class ChoiceDraft {
  readonly text = new TextBuffer()
  readonly reasoning = new TextBuffer()
  readonly spans: LlmSpan[] = []
  /** Tool calls in the order they started, by the key the dialect addresses them with. */
  readonly tools = new Map<string, ToolCallDraft>()
  finishReason: string | null = null

  constructor(readonly index: number) {}

  toSnapshot(): LlmChoice {
    return {
      index: this.index,
      text: this.text.toString(),
      reasoning: this.reasoning.toString(),
      toolCalls: [...this.tools.values()].map((t) => t.toSnapshot()),
      finishReason: this.finishReason,
      spans: this.spans.slice()
    }
  }
}

/** The assembler's mutable state, which each dialect reader writes into. */
export class Draft {
  private readonly choices = new Map<number, ChoiceDraft>()
  usage: Record<string, unknown> | null = null
  model: string | null = null
  responseId: string | null = null
  completed = false
  readonly errors: LlmStreamError[] = []
  readonly misfits: LlmMisfit[] = []
  events = 0
  readonly contentFrames: number[] = []
  contentChars = 0

  constructor(private readonly onDelta?: (delta: LlmDelta) => void) {}

  choice(index: number): ChoiceDraft {
    let choice = this.choices.get(index)
    if (!choice) {
      choice = new ChoiceDraft(index)
      this.choices.set(index, choice)
    }
    return choice
  }

  hasChoice(index: number): boolean {
    return this.choices.has(index)
  }

  /** Appends text or reasoning to a choice, remembering which frame carried it. */
  addContent(choiceIndex: number, part: LlmSpanPart, piece: unknown, frame: number): void {
    if (typeof piece !== 'string' || piece.length === 0) return
    const choice = this.choice(choiceIndex)
    const buffer = part === 'text' ? choice.text : choice.reasoning
    const start = buffer.length
    buffer.append(piece)
    const last = choice.spans[choice.spans.length - 1]
    // Consecutive pieces from the same frame (several parts in one Gemini chunk) make one span.
    if (last && last.part === part && last.frame === frame && last.end === start) last.end = start + piece.length
    else choice.spans.push({ part, start, end: start + piece.length, frame })
    this.contentChars += piece.length
    if (this.contentFrames[this.contentFrames.length - 1] !== frame) this.contentFrames.push(frame)
    this.onDelta?.({ part, choice: choiceIndex, text: piece, frame })
  }

  /** The tool call a dialect addresses by `key`, created on first sight. */
  tool(choiceIndex: number, key: string, index: number, id: string | null = null, name: string | null = null): ToolCallDraft {
    const choice = this.choice(choiceIndex)
    let tool = choice.tools.get(key)
    if (!tool) {
      tool = new ToolCallDraft(id, name, index, choiceIndex, this.onDelta)
      choice.tools.set(key, tool)
    } else {
      if (id !== null && tool.id === null) tool.id = id
      if (name !== null && tool.name === null) tool.name = name
    }
    return tool
  }

  findTool(choiceIndex: number, key: string): ToolCallDraft | undefined {
    return this.choices.get(choiceIndex)?.tools.get(key)
  }

  error(frame: number, message: string, code?: string): void {
    this.errors.push({ frame, message, ...(code !== undefined ? { code } : {}) })
  }

  misfit(frame: number, reason: string): void {
    this.misfits.push({ frame, reason })
  }

  toSnapshot(dialect: LlmSnapshot['dialect'], dialectForced: boolean): LlmSnapshot {
    return {
      dialect,
      dialectForced,
      choices: [...this.choices.values()].sort((a, b) => a.index - b.index).map((c) => c.toSnapshot()),
      usage: this.usage === null ? null : { ...this.usage },
      model: this.model,
      responseId: this.responseId,
      completed: this.completed,
      errors: this.errors.slice(),
      misfits: this.misfits.slice(),
      events: this.events,
      contentFrames: this.contentFrames.slice(),
      contentChars: this.contentChars
    }
  }
}
