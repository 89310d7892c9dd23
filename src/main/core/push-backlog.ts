import type { PushChannel } from '../../shared/channels'
import type { PushPayload } from '../../shared/contract'

/**
 * A client this far behind (a tab or window asleep, or frozen in a debugger) stops being sent
 * pushes rather than have them buffered forever, and is told what it missed once it catches
 * up. Counted beyond the largest message still unsent: one 64 MiB event is a message of that
 * size or more, and the client is still taking it in when the next message comes.
 */
export const MAX_PUSH_BACKLOG_BYTES = 64 * 1024 * 1024

type Gap = PushPayload<'push:gap'>

/**
 * Numbers pushes for one transport: every push and every frame sent so far, whether or not a
 * client was listening. A push's id is `"<pushes>.<frames>"`, so from the last id a client saw
 * the ledger can say how many updates and frames it missed.
 */
export class PushLedger {
  private pushes = 0
  private frames = 0

  /** Counts one push; returns its id. */
  record(channel: PushChannel, payload: unknown): string {
    this.pushes += 1
    if (channel === 'frames' && Array.isArray(payload)) this.frames += payload.length
    return this.currentId()
  }

  currentId(): string {
    return `${this.pushes}.${this.frames}`
  }

  /**
   * What a client that last saw `lastId` has missed, or null when nothing, or when the id is
   * not one this ledger could have given (forged, or from an earlier run): that says nothing
   * rather than nonsense.
   */
  gapSince(lastId: string | null | undefined): Gap | null {
    const seen = /^(\d{1,15})\.(\d{1,15})$/.exec(lastId ?? '')
    if (!seen) return null
    const pushes = Number(seen[1])
    const frames = Number(seen[2])
    if (pushes >= this.pushes || frames > this.frames) return null
    return { missedUpdates: this.pushes - pushes, missedFrames: this.frames - frames }
  }
}

/** The backlog rule for one client: `MAX_PUSH_BACKLOG_BYTES` beyond its largest unsent message. */
export class BacklogLimit {
  private largestUnsent = 0

  constructor(private readonly maxBytes = MAX_PUSH_BACKLOG_BYTES) {}

  /** Whether a client with `backlogBytes` not yet taken in is too far behind for more. */
  exceeded(backlogBytes: number): boolean {
    if (backlogBytes === 0) this.largestUnsent = 0
    return backlogBytes > this.maxBytes + this.largestUnsent
  }

  /** Records a message of `bytes` handed to the client. */
  sent(bytes: number): void {
    this.largestUnsent = Math.max(this.largestUnsent, bytes)
  }
}

/**
 * Pushes to one client that acknowledges what it has taken in (the desktop window: its preload
 * sends each push's id back on `PUSH_ACK_CHANNEL`). IPC has no back-pressure of its own, so the
 * backlog is the size of what was sent and not yet acknowledged. Past the limit, pushes are
 * dropped (still counted by the ledger) until the client has caught up with everything sent;
 * then it gets a `push:gap` saying how many updates and frames it missed, as browser mode's
 * tab does when it reconnects.
 */
export class AckedPushSender {
  private readonly ledger = new PushLedger()
  private readonly limit: BacklogLimit
  private readonly unacked: { id: string; bytes: number }[] = []
  private backlog = 0
  /** The last id sent before pushes were dropped; null while none are being dropped. */
  private droppingSince: string | null = null

  /**
   * `send` hands one push to the client with its id; `sizeOf` measures a payload in bytes
   * (default: its JSON's length, which is what IPC's structured clone roughly carries).
   */
  constructor(
    private readonly send: (channel: PushChannel, payload: unknown, id: string) => void,
    options: { maxBacklogBytes?: number; sizeOf?: (payload: unknown) => number } = {}
  ) {
    this.limit = new BacklogLimit(options.maxBacklogBytes)
    this.sizeOf = options.sizeOf ?? ((payload) => JSON.stringify(payload)?.length ?? 0)
  }

  private readonly sizeOf: (payload: unknown) => number

  push(channel: PushChannel, payload: unknown): void {
    const lastSent = this.ledger.currentId()
    const id = this.ledger.record(channel, payload)
    if (this.droppingSince !== null) return
    if (this.limit.exceeded(this.backlog)) {
      this.droppingSince = lastSent
      return
    }
    this.deliver(channel, payload, id)
  }

  /** The client has taken in every push up to and including `id`. Unknown ids are ignored. */
  ack(id: unknown): void {
    const at = this.unacked.findIndex((message) => message.id === id)
    if (at === -1) return
    for (const message of this.unacked.splice(0, at + 1)) this.backlog -= message.bytes
    if (this.backlog === 0 && this.droppingSince !== null) {
      const gap = this.ledger.gapSince(this.droppingSince)
      this.droppingSince = null
      if (gap) this.deliver('push:gap', gap, this.ledger.currentId())
    }
  }

  /**
   * The client started over (the window reloaded): what the old page did not acknowledge never
   * will be, and the new page loads the current state through its calls, so sending resumes
   * from an empty backlog. Without this a window reloaded while pushes were held back would be
   * sent nothing ever again.
   */
  restart(): void {
    this.unacked.length = 0
    this.backlog = 0
    this.droppingSince = null
  }

  /** Bytes sent and not yet acknowledged. */
  backlogBytes(): number {
    return this.backlog
  }

  private deliver(channel: PushChannel, payload: unknown, id: string): void {
    const bytes = this.sizeOf(payload)
    this.unacked.push({ id, bytes })
    this.backlog += bytes
    this.limit.sent(bytes)
    this.send(channel, payload, id)
  }
}
