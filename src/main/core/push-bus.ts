import type { PushChannel } from '../../shared/channels'
import type { PushPayload } from '../../shared/contract'

type AnyListener = (channel: PushChannel, payload: unknown) => void

/** Fans pushes from the core out to every attached transport (IPC windows, browser clients). */
export class PushBus {
  private readonly listeners = new Set<AnyListener>()

  emit<C extends PushChannel>(channel: C, payload: PushPayload<C>): void {
    for (const listener of this.listeners) listener(channel, payload)
  }

  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
