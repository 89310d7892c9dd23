import type { Frame } from '../../shared/frames'
import { redactUrl } from '../../shared/redact'

/**
 * Stream data is untrusted: an escape sequence in it could rewrite the user's terminal.
 * Every C0/C1 control except tab becomes a visible escape before it is printed.
 */
export function sanitizeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
  })
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
