/**
 * The bytes of the SSE wire format. Everything a stream sends goes through here, so a payload
 * containing a line break can never end a field early or inject a field of its own.
 */

const LINE_BREAK = /\r\n|\r|\n/

export interface WireEvent {
  id?: number | string
  event?: string
  data: string
}

function fieldLines(field: string, value: string): string {
  let out = ''
  for (const line of value.split(LINE_BREAK)) out += `${field}: ${line}\n`
  return out
}

export function encodeEvent(e: WireEvent): string {
  let out = ''
  // ids and event names are single-line by construction; splitting still keeps a bad one harmless
  if (e.id !== undefined) out += fieldLines('id', String(e.id))
  if (e.event) out += fieldLines('event', e.event)
  return `${out}${fieldLines('data', e.data)}\n`
}

/** Ends with a blank line like an event does, so a comment reads as one frame in any inspector. */
export function encodeComment(text: string): string {
  return `${fieldLines('', text)}\n`
}

/** A lone `retry:` followed by a blank line: parsers apply it and dispatch nothing, as data is empty. */
export function encodeRetry(ms: number): string {
  return `retry: ${ms}\n\n`
}
