import type { ServerFailureState } from '../../shared/server-config'

/** A fault applied to a whole stream request, before or instead of the stream. */
export type ConnectionFault =
  { type: 'status'; status: number } | { type: 'content-type'; contentType: string } | { type: 'delay-headers'; ms: number }

function describe(f: ConnectionFault): string {
  switch (f.type) {
    case 'status':
      return `HTTP ${f.status}`
    case 'content-type':
      return `Content-Type: ${f.contentType}`
    case 'delay-headers':
      return `${f.ms} ms before headers`
  }
}

/** The faults still armed: queued connection faults, close-after and stall. */
export class FailureState {
  stalled = false
  closeAfter: number | null = null
  private queue: Array<{ fault: ConnectionFault; remaining: number }> = []

  enqueue(fault: ConnectionFault, count: number): void {
    this.queue.push({ fault, remaining: count })
  }

  /** The fault for the stream request arriving now, if any is queued. */
  take(): ConnectionFault | null {
    const head = this.queue[0]
    if (!head) return null
    if (--head.remaining <= 0) this.queue.shift()
    return head.fault
  }

  clear(): void {
    this.queue = []
    this.closeAfter = null
    this.stalled = false
  }

  snapshot(): ServerFailureState {
    return {
      stalled: this.stalled,
      closeAfter: this.closeAfter,
      pending: this.queue.map(({ fault, remaining }) => ({ type: fault.type, detail: describe(fault), remaining }))
    }
  }
}

// 0xC3 opens a two-byte sequence that 0x28 does not continue; 0xFF and 0xFE never occur in UTF-8
export const INVALID_UTF8_BYTES = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe])

export function invalidUtf8Chunk(): Buffer {
  return Buffer.concat([Buffer.from('data: invalid UTF-8 follows: '), INVALID_UTF8_BYTES, Buffer.from('\n\n')])
}

/** A line without a colon names a field nobody knows: parsers must ignore it, many choke instead. */
export const DEFAULT_MALFORMED_LINE = 'this line has no field name and no colon\n'

/** Written verbatim on purpose, line breaks included: breaking the framing is the point. */
export function malformedChunk(line: string = DEFAULT_MALFORMED_LINE): Buffer {
  return Buffer.from(/[\r\n]$/.test(line) ? line : `${line}\n`)
}

/** One plain `data:` event whose data is exactly `bytes` long, built without a giant string. */
export function oversizedChunk(bytes: number): Buffer {
  const head = Buffer.from('data: ')
  const chunk = Buffer.alloc(head.length + bytes + 2, 'x')
  head.copy(chunk, 0)
  chunk.write('\n\n', head.length + bytes)
  return chunk
}
