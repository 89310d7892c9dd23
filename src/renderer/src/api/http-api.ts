import { PUSH_CHANNELS, type PushChannel } from '../../../shared/channels'
import type { CallOutcome, InspectorApi } from '../../../shared/contract'
import { PushStreamReader } from './push-stream-reader'

const NO_KEY =
  'This tab has no access key. Open the URL that `sse-inspector web` printed (it ends in #token=...); each new tab needs it once.'
/** As the server's `retry:` says; a fixed pause, so a dead backend is asked once a second. */
const RECONNECT_MS = 1000

export interface HttpApiOptions {
  base?: string
  /** The access key, or null when the tab was never given one (see access-key.ts). */
  key: string | null
  /** Waits before a push stream reconnects; injectable for tests. */
  wait?: (ms: number) => Promise<void>
}

/**
 * The contract over browser mode's HTTP transport. Every request carries the access key as
 * `Authorization: Bearer` (RFC 6750 §2.1), never as a cookie, so no other service on
 * 127.0.0.1 ever receives it. Pushes come as an event stream read with `fetch`, since
 * `EventSource` cannot send headers; like `EventSource` it reconnects with `Last-Event-ID`,
 * so the server can say what the tab missed (`push:gap`).
 */
export function createHttpApi({ base = '', key, wait = defaultWait }: HttpApiOptions): InspectorApi {
  const listeners = new Map<PushChannel, Set<(payload: never) => void>>()
  const authorization: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {}
  let streaming = false

  const dispatch = (event: string, data: string): void => {
    if (!(PUSH_CHANNELS as readonly string[]).includes(event)) return
    const payload = JSON.parse(data) as never
    for (const listener of listeners.get(event as PushChannel) ?? []) listener(payload)
  }

  const streamPushes = async (): Promise<void> => {
    const reader = new PushStreamReader()
    for (;;) {
      let refused = false
      try {
        const headers: Record<string, string> = { ...authorization, accept: 'text/event-stream' }
        if (reader.lastEventId !== null) headers['last-event-id'] = reader.lastEventId
        const response = await fetch(`${base}/api/push`, { headers, cache: 'no-store' })
        // A wrong or missing key will not get better by asking again; the calls say why.
        refused = response.status === 401
        if (response.ok && response.body) {
          const decoder = new TextDecoder()
          const body = response.body.getReader()
          for (;;) {
            const { done, value } = await body.read()
            if (done) break
            for (const message of reader.feed(decoder.decode(value, { stream: true }))) dispatch(message.event, message.data)
          }
        }
      } catch {
        // The backend went away or the connection dropped: reconnect, as EventSource would.
      }
      if (refused) return
      reader.reset()
      await wait(RECONNECT_MS)
    }
  }

  const ensureStream = (): void => {
    if (streaming || !key) return
    streaming = true
    void streamPushes()
  }

  return {
    async invoke(channel, request) {
      if (!key) throw new Error(NO_KEY)
      let response: Response
      try {
        response = await fetch(`${base}/api/call/${channel}`, {
          method: 'POST',
          headers: { ...authorization, 'content-type': 'application/json' },
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

function defaultWait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
