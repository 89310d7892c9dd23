/**
 * The text of the parser's diagnostics (`EventStreamParser` in ./parser.ts), one function per
 * code, kept out of the parser so its scanning code stays about parsing. Each returns the
 * `message` of a diagnostic frame: what happened, what a browser does about it (WHATWG HTML
 * §9.2.5-9.2.6), and what to fix. Codes are listed in src/shared/frames.ts (DIAGNOSTIC_CODES);
 * README "Diagnostic codes" documents them.
 *
 * These run only when a diagnostic is raised, never per line or per event, so they favour
 * clarity over speed. Quoted stream text goes through `preview`: short, with invisible
 * characters escaped.
 */

const KNOWN_FIELDS = ['data', 'event', 'id', 'retry'] as const
const BOM = 0xfeff

/** `bom-stripped`: the stream began with a UTF-8 byte order mark. */
export function bomStrippedMessage(): string {
  return 'A UTF-8 byte order mark (EF BB BF) at the start of the stream was removed, as browsers do. Only this one is removed: any later U+FEFF is kept as text.'
}

/**
 * `invalid-utf8`: `replacedBytes` bytes of `line` (the decoded text, with U+FFFD in their place)
 * were not UTF-8. `unterminated`: the line is the stream's last, with no line ending.
 */
export function invalidUtf8Message(replacedBytes: number, line: string, unterminated: boolean): string {
  const n = replacedBytes
  const where = unterminated ? 'the unterminated last line' : 'the line'
  return `${n} byte${n === 1 ? '' : 's'} of invalid UTF-8 in ${where} ${preview(line)} ${n === 1 ? 'was' : 'were'} replaced with U+FFFD, as browsers do: event streams are always decoded as UTF-8, whatever the charset says.`
}

/** `id-contains-null`: the id field `value` holds U+0000; the last event ID stays `lastEventId`. */
export function idContainsNullMessage(value: string, lastEventId: string): string {
  return `The id field ${preview(value)} contains U+0000 NULL, so it was ignored, as browsers do: the last event ID stays ${preview(lastEventId)}.`
}

/** `invalid-retry`: the retry field's `value` is not all ASCII digits. */
export function invalidRetryMessage(value: string): string {
  return `The retry field ${preview(value)} is not ${value === '' ? 'a number' : 'made only of ASCII digits'} (no sign, spaces, units or decimals), so it was ignored, as browsers do: the reconnection time is unchanged.`
}

/** `event-without-data`: a block set the event type `eventType` but had no data line. */
export function eventWithoutDataMessage(eventType: string): string {
  return `An event block set the event type ${preview(eventType)} but had no data field, so no event was dispatched, as in browsers (an event needs at least one "data" line, even an empty one).`
}

/** Which limit made the parser abandon an event. */
export type LimitCode = 'line-too-long' | 'event-too-large'

/**
 * `discarding`: the limit `code` (of `limitBytes` bytes) was just passed, so the parser now skips
 * to the next blank line.
 */
export function discardingMessage(code: LimitCode, limitBytes: number): string {
  const what =
    code === 'line-too-long'
      ? `A line passed maxLineBytes (${formatBytes(limitBytes)})`
      : `An event's data passed maxEventBytes (${formatBytes(limitBytes)}) with no blank line to end it`
  return `${what}, so that event is being discarded: everything up to the next blank line is dropped, and a ${code} diagnostic will say how much once that blank line (or the end of the stream) comes. Check that the server ends every event with a blank line.`
}

/** What was skipped after a limit was passed, up to the blank line (or end of stream) that ended it. */
export interface Skipped {
  /** Lines discarded, the one that passed the limit included. */
  lines: number
  /** Their UTF-8 size, line endings excluded. */
  bytes: number
  /** For `event-too-large`: the data already buffered before the limit was passed, in bytes (0: none). */
  dataBytes: number
  /** True when the stream ended before a blank line did. */
  atEnd: boolean
}

/** `line-too-long` or `event-too-large`: an event was abandoned and `skipped` was discarded. */
export function limitMessage(code: LimitCode, limitBytes: number, skipped: Skipped): string {
  const lines = `${skipped.lines} line${skipped.lines === 1 ? '' : 's'} (${formatBytes(skipped.bytes)})`
  const until = skipped.atEnd ? 'up to the end of the stream' : 'up to the next blank line'
  const resumed = skipped.atEnd ? '' : ' Parsing resumed with the next event.'
  if (code === 'line-too-long') {
    return `A line was longer than maxLineBytes (${formatBytes(limitBytes)}), so the event it was in was abandoned: ${lines} were discarded ${until}.${resumed} A browser has no such limit and would keep buffering.`
  }
  const had = skipped.dataBytes !== 0 ? ` The ${formatBytes(skipped.dataBytes)} of data already buffered were dropped, and` : ''
  return `An event's data grew past maxEventBytes (${formatBytes(limitBytes)}), so the event was abandoned.${had}${had ? '' : ' In all,'} ${lines} were discarded ${until}.${resumed} A browser has no such limit and would keep buffering.`
}

/** The event block a stream's end cut short. */
export interface UnfinishedEvent {
  dataLines: number
  /** The data buffer (data lines joined by LF). */
  data: string
  /** The event type, when the block had an `event:` field. */
  eventType: string | undefined
  /** The block's id, when it had an `id:` field that was not ignored. */
  id: string | undefined
  /** The last event ID that stays committed. */
  committedId: string
  /** The last line, which had no line ending ('' for none). */
  unterminatedLine: string
}

/** `unfinished-event-discarded`: the stream ended inside an event block. */
export function unfinishedEventMessage(block: UnfinishedEvent): string {
  const lost: string[] = []
  if (block.dataLines !== 0) lost.push(`${block.dataLines} data line${block.dataLines === 1 ? '' : 's'} (${preview(block.data)})`)
  if (block.eventType !== undefined) lost.push(`the event type ${preview(block.eventType)}`)
  if (block.id !== undefined)
    lost.push(`the id ${preview(block.id)} (not committed: the last event ID stays ${preview(block.committedId)})`)
  if (block.unterminatedLine !== '')
    lost.push(
      `an unterminated last line ${preview(block.unterminatedLine)}, which is never processed as a field because it has no line ending`
    )
  const detail = lost.length !== 0 ? ` Lost: ${lost.join('; ')}.` : ''
  return `The stream ended before the blank line that would have dispatched the current event, so it was discarded, as browsers do.${detail}`
}

/**
 * `unknown-field`: a field named `name` (case and spaces as received) was ignored, with a hint
 * when it looks like a misspelt known field. `noColon`: the line had no colon.
 */
export function unknownFieldMessage(name: string, noColon: boolean): string {
  const shown = preview(name)
  const head = `Unknown field ${shown} ignored, as browsers do: only data, event, id and retry mean anything.`
  let hint = ''
  const lower = name.toLowerCase()
  const trimmed = name.trim()
  const bare = name.replace(/^\uFEFF+/, '')
  if (name.charCodeAt(0) === BOM) {
    hint = ` The line starts with U+FEFF: only one byte order mark, at the very start of the stream, is removed${isKnown(bare) ? `, so this was not read as "${bare}"` : ''}.`
  } else if (isKnown(lower)) {
    hint = ` Field names are case-sensitive; did you mean "${lower}"?`
  } else if (isKnown(trimmed)) {
    hint = ` Spaces before the colon are part of the field name; did you mean "${trimmed}"?`
  } else if (name.charCodeAt(0) === 0xfffd) {
    hint = ' The line starts with bytes that are not UTF-8 (a UTF-16 byte order mark?): event streams are always UTF-8.'
  } else {
    const near = KNOWN_FIELDS.find((k) => editDistanceAtMostOne(lower, k))
    if (near !== undefined) hint = ` Did you mean "${near}"?`
    else if (noColon) hint = ' A line without a colon is a field named by the whole line, with an empty value.'
  }
  return head + hint
}

// -----------------------------------------------------------------------------------------------
// Helpers

/** A short, quoted rendering of a piece of text for a message, with invisible characters escaped. */
function preview(s: string, max = 40): string {
  const cut = s.length > max ? s.slice(0, max) : s
  const quoted = JSON.stringify(cut).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return quoted + (cut.length < s.length ? '…' : '')
}

const INVISIBLE = /[\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`
  if (n >= 1024 * 1024) return `${n} bytes (${(n / (1024 * 1024)).toFixed(1)} MiB)`
  return `${n} byte${n === 1 ? '' : 's'}`
}

function isKnown(name: string): boolean {
  return (KNOWN_FIELDS as readonly string[]).includes(name)
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  if (i === a.length && i === b.length) return true
  const restA = a.slice(i)
  const restB = b.slice(i)
  return (
    restA.slice(1) === restB.slice(1) || // substitution
    restA.slice(1) === restB || // deletion from a
    restA === restB.slice(1) || // insertion into a
    (restA.length >= 2 && restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2)) // transposition
  )
}
