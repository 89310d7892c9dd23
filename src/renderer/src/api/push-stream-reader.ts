/** One message of browser mode's push stream. */
export interface PushMessage {
  id: string | null
  event: string
  data: string
}

/**
 * Splits the text of browser mode's push stream into messages, following the WHATWG HTML
 * "server-sent events" interpretation (§9.2.6) for the subset our own server writes: `id`,
 * `event`, `data` and `retry` fields, comments, LF line ends. Feed it text as it arrives
 * (chunks may end anywhere); it returns the messages completed so far. Read with `fetch`
 * rather than `EventSource` because `EventSource` cannot send the access key as a header.
 */
export class PushStreamReader {
  private buffer = ''
  private data: string[] = []
  private event = ''
  private id: string | null = null
  /** The last event ID seen, to send back as `Last-Event-ID` when reconnecting. */
  lastEventId: string | null = null

  feed(text: string): PushMessage[] {
    this.buffer += text
    const messages: PushMessage[] = []
    let start = 0
    for (let end = this.buffer.indexOf('\n'); end !== -1; end = this.buffer.indexOf('\n', start)) {
      const line = this.buffer.slice(start, end).replace(/\r$/, '')
      start = end + 1
      if (line === '') {
        if (this.id !== null) this.lastEventId = this.id
        if (this.data.length > 0) messages.push({ id: this.lastEventId, event: this.event || 'message', data: this.data.join('\n') })
        this.data = []
        this.event = ''
        this.id = null
        continue
      }
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon === -1 ? line : line.slice(0, colon)
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'data') this.data.push(value)
      else if (field === 'event') this.event = value
      else if (field === 'id' && !value.includes('\0')) this.id = value
    }
    this.buffer = this.buffer.slice(start)
    return messages
  }

  /** A dropped connection loses any half-received message, as in the spec. */
  reset(): void {
    this.buffer = ''
    this.data = []
    this.event = ''
    this.id = null
  }
}
