import type { ReconnectPolicy } from '../../shared/contract'

/** What a browser's EventSource waits before its first reconnection when the server sent no `retry:`. */
export const DEFAULT_RECONNECTION_TIME_MS = 3000
export const BACKOFF_CAP_MS = 60_000
/**
 * The shortest wait before any reconnection, whatever `retry:` says. Firefox clamps `retry:` to
 * at least 500 ms (MIN_RECONNECTION_TIME_VALUE in dom/base/EventSource.cpp); Chromium has no
 * floor, so `retry: 0` against a server that closes at once reconnects in a tight loop there.
 * The inspector follows Firefox: at most two requests a second under any policy.
 */
export const MIN_RECONNECT_DELAY_MS = 500

/**
 * The delay in ms before reconnection attempt `failures` (1 for the first reconnection since the
 * last delivered event), or null when the policy does not reconnect. `spec` is EventSource: the
 * reconnection time, every time, but never under MIN_RECONNECT_DELAY_MS. `backoff` doubles from
 * it up to a cap, with jitter so many clients do not return in step.
 */
export function reconnectDelay(
  policy: ReconnectPolicy,
  reconnectionTimeMs: number,
  failures: number,
  random: () => number = Math.random
): number | null {
  const base = Math.max(MIN_RECONNECT_DELAY_MS, reconnectionTimeMs)
  switch (policy) {
    case 'off':
      return null
    case 'spec':
      return base
    case 'backoff': {
      const cap = Math.max(BACKOFF_CAP_MS, base)
      const ceiling = Math.min(cap, base * 2 ** Math.max(0, failures - 1))
      // "Equal jitter": never less than half the ceiling (nor the floor), so the backoff still grows.
      return Math.max(MIN_RECONNECT_DELAY_MS, Math.round(ceiling / 2 + random() * (ceiling / 2)))
    }
  }
}
