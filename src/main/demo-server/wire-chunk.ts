/**
 * Encoded SSE bytes, framed once for HTTP/1.1 chunked transfer. A broadcast writes this one
 * Buffer straight to every client's socket: node's own res.write would redo the chunk framing
 * and queue four writes per client, which at thousands of clients is a third of the
 * server's JS time per event.
 */
export class WireChunk {
  /** `<hex length>\r\n<bytes>\r\n`, ready for a chunked response body. */
  readonly framed: Buffer
  /** The SSE bytes alone: a view into `framed`, not a copy. */
  readonly bytes: Buffer

  constructor(sse: string | Buffer) {
    const body = typeof sse === 'string' ? Buffer.from(sse) : sse
    const head = `${body.length.toString(16)}\r\n`
    this.framed = Buffer.allocUnsafe(head.length + body.length + 2)
    this.framed.write(head, 0, 'latin1')
    body.copy(this.framed, head.length)
    this.framed.write('\r\n', head.length + body.length, 'latin1')
    this.bytes = this.framed.subarray(head.length, head.length + body.length)
  }

  get length(): number {
    return this.bytes.length
  }
}
