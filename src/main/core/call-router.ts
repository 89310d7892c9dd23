import { z } from 'zod'
import type { InvokeChannel } from '../../shared/channels'
import { invokeSchemas, type CallOutcome, type InvokeResult, type ValidInvokeRequest } from '../../shared/contract'

export type CallHandler<C extends InvokeChannel> = (request: ValidInvokeRequest<C>) => InvokeResult<C> | Promise<InvokeResult<C>>

/**
 * Transport-neutral dispatch of contract calls. Each domain registers its own handlers;
 * the Electron and HTTP adapters only move bytes, so validation happens once, here.
 */
export class CallRouter {
  private readonly handlers = new Map<InvokeChannel, (request: unknown) => unknown>()

  handle<C extends InvokeChannel>(channel: C, handler: CallHandler<C>): void {
    if (this.handlers.has(channel)) throw new Error(`Handler for ${channel} registered twice`)
    this.handlers.set(channel, handler as (request: unknown) => unknown)
  }

  channels(): InvokeChannel[] {
    return [...this.handlers.keys()]
  }

  async call(channel: InvokeChannel, rawRequest: unknown): Promise<CallOutcome<unknown>> {
    const handler = this.handlers.get(channel)
    if (!handler) return { ok: false, error: { message: `Unknown call: ${String(channel)}` } }
    const parsed = invokeSchemas[channel].safeParse(rawRequest)
    if (!parsed.success) {
      return { ok: false, error: { message: `Invalid request for ${channel}: ${z.prettifyError(parsed.error)}` } }
    }
    try {
      return { ok: true, result: await handler(parsed.data) }
    } catch (err) {
      return { ok: false, error: { message: err instanceof Error ? err.message : String(err) } }
    }
  }
}
