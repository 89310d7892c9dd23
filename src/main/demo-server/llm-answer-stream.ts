import { answerEvents, type AnswerEvent } from './llm-answer'
import type { LlmPayloadKind } from '../../shared/server-config'
import type { StreamClient } from './stream-client'
import { Ticker, type Clock } from './ticker'

/**
 * Streams one canned answer to one client at `tokensPerSecond`: each tick sends the events up
 * to and including the next token (structural events go out with the token after them), and
 * after the last token the rest (finish reason, usage, the completion marker), then ends the
 * response. Every event counts for `limit` and close-after, so failure injection can cut the
 * answer midway; a stall holds it.
 */
export class LlmAnswerStream {
  private readonly events: AnswerEvent[]
  private next = 0
  private readonly lastToken: number
  private readonly ticker: Ticker
  private stalled = false

  constructor(
    private readonly client: StreamClient,
    kind: LlmPayloadKind,
    tokensPerSecond: number,
    clock?: Clock
  ) {
    this.events = answerEvents(kind)
    this.lastToken = this.events.findLastIndex((e) => e.token)
    this.ticker = new Ticker(1000 / tokensPerSecond, () => this.step(), clock)
  }

  /** Sends the first token at once (time to first token is the server's to show, not ours to add). */
  start(): void {
    this.step()
    if (!this.done) this.ticker.start()
  }

  setStalled(stalled: boolean): void {
    this.stalled = stalled
  }

  stop(): void {
    this.ticker.stop()
  }

  private get done(): boolean {
    return this.next >= this.events.length || this.client.isClosed
  }

  private step(): void {
    if (this.stalled) return
    while (!this.done) {
      const event = this.events[this.next++] as AnswerEvent
      this.client.write(event.wire, 1)
      if (event.token && this.next - 1 < this.lastToken) return
    }
    this.ticker.stop()
    this.client.end('answer complete')
  }
}
