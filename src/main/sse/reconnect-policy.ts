import type { ReconnectPolicy } from '../../shared/contract'

/** What a browser's EventSource waits before its first reconnection when the server sent no `retry:`. */
export const DEFAULT_RECONNECTION_TIME_MS = 3000
export const BACKOFF_CAP_MS = 60_000

/**
 * The delay before reconnection attempt `failures` (1 for the first), or null when the
 * policy does not reconnect. `spec` is exactly EventSource: the reconnection time, every time.
 * `backoff` doubles from it up to a cap, with jitter so many clients do not return in step.
 */
export function reconnectDelay(
  policy: ReconnectPolicy,
  reconnectionTimeMs: number,
  failures: number,
  random: () => number = Math.random
): number | null {
  switch (policy) {
    case 'off':
      return null
    case 'spec':
      return reconnectionTimeMs
    case 'backoff': {
      const cap = Math.max(BACKOFF_CAP_MS, reconnectionTimeMs)
      const ceiling = Math.min(cap, reconnectionTimeMs * 2 ** Math.max(0, failures - 1))
      // "Equal jitter": never less than half the ceiling, so the backoff still grows.
      return Math.round(ceiling / 2 + random() * (ceiling / 2))
    }
  }
}
