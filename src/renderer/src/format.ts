import type { EventFrame, Frame } from '../../shared/frames'

export function formatClock(epochMs: number): string {
  const d = new Date(epochMs)
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  return s < 60 ? `${s.toFixed(s < 10 ? 1 : 0)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
}

/** One line of text for a row, whatever the frame: line breaks shown as ⏎ so rows stay one line. */
export function summarizeFrame(frame: Frame): string {
  switch (frame.kind) {
    case 'connecting':
      return `${frame.attempt === 0 ? 'Connecting' : `Reconnecting (attempt ${frame.attempt})`}: ${frame.method} ${frame.url}${frame.lastEventId ? ` with Last-Event-ID ${frame.lastEventId}` : ''}`
    case 'open':
      return `Open: ${frame.status}, ${frame.headers['content-type'] ?? 'no content type'}`
    case 'event':
      return oneLine(frame.data)
    case 'comment':
      return `: ${oneLine(frame.text)}`
    case 'retry':
      return `Reconnection time set to ${formatDuration(frame.ms)}`
    case 'diagnostic':
      return `${frame.code}: ${frame.message}`
    case 'error':
      return frame.message
    case 'reconnect':
      return `Reconnecting in ${formatDuration(frame.delayMs)}${frame.lastEventId ? `, Last-Event-ID ${frame.lastEventId}` : ''}`
    case 'close':
      return `Closed: ${frame.reason}`
  }
}

// Enough for the widest data column; shaping longer text for every row, every frame, costs layout time.
const PREVIEW_CHARS = 240

function oneLine(text: string): string {
  const head = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text
  return head.replace(/\r\n|\r|\n/g, ' ⏎ ')
}

/** The label in the type column: the event type for events, the frame kind otherwise. */
export function frameLabel(frame: Frame): string {
  return frame.kind === 'event' ? frame.type : frame.kind
}

/** A short gap for the table: "12 ms", "1.25 s", "3 min 4 s". */
export function formatGap(ms: number): string {
  if (ms < 0) return '0 ms'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
  return formatDuration(ms)
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** UTF-8 byte length without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

const dataSizes = new WeakMap<EventFrame, number>()

/** The UTF-8 size of an event's data, counted once per frame: a 50 MB event is rendered many times. */
export function dataBytes(frame: EventFrame): number {
  if (frame.dataTruncated) return frame.dataTruncated.bytes
  let bytes = dataSizes.get(frame)
  if (bytes === undefined) dataSizes.set(frame, (bytes = utf8Length(frame.data)))
  return bytes
}
