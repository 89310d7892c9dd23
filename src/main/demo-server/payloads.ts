import type { PayloadKind } from '../../shared/server-config'

/** What the payload of event number `seq` reads, generated at `now` (ms since the epoch). */
export function makePayload(kind: PayloadKind, seq: number, bytes: number, now: number): string {
  switch (kind) {
    case 'timestamp':
      // Date#toString, not ISO: this is what the classic demo sends and what people expect to see
      return new Date(now).toString()
    case 'counter':
      return String(seq)
    case 'json':
      return JSON.stringify({ seq, time: new Date(now).toISOString(), t: now })
    case 'text':
      return sizedText(seq, bytes)
    case 'multiline':
      return `event ${seq}\nsent at ${new Date(now).toISOString()}\nthree lines, one data: field each`
    case 'openai':
    case 'anthropic':
      // Only a client already on the shared schedule when the payload switched gets here.
      return JSON.stringify({ seq, note: `payload=${kind} streams a whole answer to each new request` })
  }
}

let fillerCache = ''

/** Exactly `bytes` ASCII bytes, starting with the sequence number so events stay tellable apart. */
function sizedText(seq: number, bytes: number): string {
  const head = `${seq} `
  if (bytes <= head.length) return head.slice(0, bytes)
  const rest = bytes - head.length
  if (fillerCache.length < rest) fillerCache = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(rest / 36))
  return head + fillerCache.slice(0, rest)
}

/** Event type of event `seq`: derived from the number, so a replayed event keeps its type. */
export function eventTypeFor(types: readonly string[], seq: number): string | undefined {
  return types.length === 0 ? undefined : types[(seq - 1) % types.length]
}
