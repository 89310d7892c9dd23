import type { Writable } from 'node:stream'

/**
 * Text output to a stream in large blocks, with its back-pressure exposed: lines written in one
 * turn of the event loop go out as one write (a microtask later, so before anything the same turn
 * schedules after it, such as the process's exit), and `full` says when the stream is past its
 * highWaterMark (Node's `write()` returned false) so the producer can stop until `onDrain`.
 */
export class BlockWriter {
  private pending: string[] = []
  private pendingChars = 0
  private scheduled = false
  private full_ = false
  private readonly drainListeners: Array<() => void> = []

  /** @param blockChars flush at once past this many UTF-16 code units (default 64 Ki). */
  constructor(
    private readonly stream: Writable,
    private readonly blockChars = 64 * 1024
  ) {
    stream.on('drain', () => {
      this.full_ = false
      for (const listener of this.drainListeners.splice(0)) listener()
    })
  }

  /** Queues text to write as is. */
  write(text: string): void {
    this.pending.push(text)
    this.pendingChars += text.length
    if (this.pendingChars >= this.blockChars) this.flush()
    else if (!this.scheduled) {
      this.scheduled = true
      queueMicrotask(() => this.flush())
    }
  }

  /** Writes what is queued now. */
  flush(): void {
    this.scheduled = false
    if (this.pending.length === 0) return
    const block = this.pending.join('')
    this.pending = []
    this.pendingChars = 0
    if (!this.stream.write(block)) this.full_ = true
  }

  /** Whether the stream has more queued than its highWaterMark: stop producing until onDrain. */
  get full(): boolean {
    return this.full_
  }

  /** Calls back once, when the stream next drains. */
  onDrain(listener: () => void): void {
    this.drainListeners.push(listener)
  }
}
