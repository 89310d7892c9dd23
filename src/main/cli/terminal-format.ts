import type { Frame } from '../../shared/frames'
import { redactUrl } from '../../shared/redact'

/**
 * Characters that reorder or hide text on screen (Unicode TR9 explicit directional formatting,
 * the Arabic letter mark, zero-width spaces and marks, word joiner and invisible operators, BOM)
 * and the line/paragraph separators some terminals break on: a stream could use them to make a
 * line read as something it is not ("Trojan Source", CVE-2021-42574).
 */
const INVISIBLE = '\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff'

const UNSAFE_TEXT = new RegExp(
  // A zero-width joiner right after an emoji is part of that emoji (👩‍💻), so it is kept.
  `(\\p{Extended_Pictographic}(?:[\\u{1F3FB}-\\u{1F3FF}]|\\uFE0F)?)?([\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f${INVISIBLE}])`,
  'gu'
)

/**
 * Stream data is untrusted: an escape sequence in it could rewrite the user's terminal, and a
 * bidi override or zero-width character could make a line read as something else. Every C0/C1
 * control except tab becomes a visible `\xNN`, every such format character a visible `\uXXXX`.
 */
export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE_TEXT, (_m, emoji: string | undefined, c: string) => {
    if (emoji !== undefined && c === '\u200d') return emoji + c
    const code = c.charCodeAt(0)
    const shown =
      c === '\n'
        ? '\\n'
        : c === '\r'
          ? '\\r'
          : code < 0x100
            ? `\\x${code.toString(16).padStart(2, '0')}`
            : `\\u${code.toString(16).padStart(4, '0')}`
    return (emoji ?? '') + shown
  })
}

// JSON.stringify escapes only U+0000–U+001F; these it leaves raw, and a terminal acts on them.
const UNSAFE_IN_JSON = new RegExp(`[\\u007f-\\u009f${INVISIBLE}]`, 'g')

/**
 * JSON.stringify for output that may land on a terminal (`--json`, `--summary`): DEL, C1 controls
 * (an 8-bit CSI/OSC could retitle the terminal or write the clipboard, OSC 52), bidi controls,
 * zero-width characters and U+2028/U+2029 become `\uXXXX` escapes. Still valid JSON (RFC 8259
 * §7) that parses to the same value; they can only occur inside strings, so escaping is safe.
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

export interface Palette {
  dim: (s: string) => string
  bold: (s: string) => string
  red: (s: string) => string
  green: (s: string) => string
  yellow: (s: string) => string
  cyan: (s: string) => string
  magenta: (s: string) => string
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`
export const COLORS: Palette = {
  dim: wrap(2, 22),
  bold: wrap(1, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
  magenta: wrap(35, 39)
}
const identity = (s: string): string => s
export const NO_COLORS: Palette = {
  dim: identity,
  bold: identity,
  red: identity,
  green: identity,
  yellow: identity,
  cyan: identity,
  magenta: identity
}

/** Colors for a terminal that wants them: a TTY, and no NO_COLOR (https://no-color.org). */
export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Palette {
  return stream.isTTY && !env['NO_COLOR'] ? COLORS : NO_COLORS
}

function clock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 23)
}

/** One readable line per frame, for `tail` and `parse` without --json. */
export function formatFrameLine(frame: Frame, c: Palette): string {
  const t = c.dim(clock(frame.time))
  const s = sanitizeForTerminal
  switch (frame.kind) {
    case 'connecting':
      return `${t} ${c.dim('…')} ${frame.attempt === 0 ? 'connecting to' : `reconnecting (attempt ${frame.attempt}) to`} ${frame.method} ${s(redactUrl(frame.url))}${frame.lastEventId ? c.dim(` Last-Event-ID: ${s(frame.lastEventId)}`) : ''}`
    case 'open':
      return (
        `${t} ${c.green('●')} open ${frame.status} ${c.dim(s(frame.headers['content-type'] ?? ''))}` +
        (frame.contentEncoding ? c.dim(` ${s(frame.contentEncoding)}`) : '') +
        (frame.proxy ? c.dim(` via ${s(frame.proxy)}`) : '') +
        (frame.insecure ? ` ${c.yellow('insecure')}` : '')
      )
    case 'event':
      return `${t} ${c.cyan(s(frame.type))}${frame.id !== undefined ? c.dim(` #${s(frame.id)}`) : ''} ${s(frame.data)}`
    case 'comment':
      return `${t} ${c.dim(`: ${s(frame.text)}`)}`
    case 'retry':
      return `${t} ${c.magenta('retry')} ${frame.ms} ms`
    case 'diagnostic': {
      const color = frame.level === 'error' ? c.red : frame.level === 'warning' ? c.yellow : c.dim
      return `${t} ${color(`${frame.level} ${frame.code}`)} ${s(frame.message)}`
    }
    case 'error':
      return `${t} ${c.red(frame.fatal ? 'fatal' : 'error')} ${s(frame.message)}`
    case 'reconnect':
      return `${t} ${c.yellow('↻')} reconnecting in ${frame.delayMs} ms${frame.lastEventId ? ` with Last-Event-ID ${s(frame.lastEventId)}` : ''}`
    case 'close':
      return `${t} ${c.dim('■')} closed: ${s(frame.reason)}`
  }
}
