import { PUSH_CHANNELS, type PushChannel } from '../../../shared/channels'
import type { CallOutcome, InspectorApi } from '../../../shared/contract'

/**
 * The contract over browser mode's HTTP transport. The access token travels as an HttpOnly
 * cookie set when the printed URL was opened, so nothing here handles secrets.
 */
export function createHttpApi(base = ''): InspectorApi {
  const listeners = new Map<PushChannel, Set<(payload: never) => void>>()
  let source: EventSource | null = null

  const ensureStream = (): void => {
    if (source) return
    source = new EventSource(`${base}/api/push`)
    for (const channel of PUSH_CHANNELS) {
      source.addEventListener(channel, (event) => {
        const payload = JSON.parse((event as MessageEvent<string>).data) as never
        for (const listener of listeners.get(channel) ?? []) listener(payload)
      })
    }
  }

  return {
    async invoke(channel, request) {
      let response: Response
      try {
        response = await fetch(`${base}/api/call/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: request === undefined ? '' : JSON.stringify(request)
        })
      } catch {
        throw new Error('The inspector backend is not reachable. Is `sse-inspector web` still running?')
      }
      if (!response.ok) throw new Error((await response.text()).trim() || `HTTP ${response.status}`)
      const outcome = (await response.json()) as CallOutcome<never>
      if (!outcome.ok) throw new Error(outcome.error.message)
      return outcome.result
    },
    on(channel, listener) {
      ensureStream()
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    }
  }
}
