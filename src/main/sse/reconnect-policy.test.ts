import { describe, expect, it } from 'vitest'
import { BACKOFF_CAP_MS, MIN_RECONNECT_DELAY_MS, reconnectDelay } from './reconnect-policy'

describe('reconnectDelay', () => {
  it('spec: always the reconnection time, as EventSource does', () => {
    expect([1, 2, 10].map((n) => reconnectDelay('spec', 3000, n))).toEqual([3000, 3000, 3000])
  })

  it('off: never reconnects', () => {
    expect(reconnectDelay('off', 3000, 1)).toBeNull()
  })

  it('backoff: doubles from the reconnection time with jitter, up to the cap', () => {
    const low = (n: number) => reconnectDelay('backoff', 1000, n, () => 0)
    const high = (n: number) => reconnectDelay('backoff', 1000, n, () => 1)
    expect([1, 2, 3, 4].map(high)).toEqual([1000, 2000, 4000, 8000])
    expect([1, 2, 3, 4].map(low)).toEqual([500, 1000, 2000, 4000])
    expect(high(30)).toBe(BACKOFF_CAP_MS)
  })
  it('never goes under the floor, whatever retry: says, under either policy', () => {
    expect(reconnectDelay('spec', 0, 1)).toBe(MIN_RECONNECT_DELAY_MS)
    expect(reconnectDelay('spec', 499, 5)).toBe(MIN_RECONNECT_DELAY_MS)
    expect([1, 2, 3].map((n) => reconnectDelay('backoff', 0, n, () => 0))).toEqual([500, 500, 1000])
    expect([1, 2, 3].map((n) => reconnectDelay('backoff', 0, n, () => 1))).toEqual([500, 1000, 2000])
  })

  it('keeps a reconnection time longer than the backoff cap as it is', () => {
    expect(reconnectDelay('spec', 2147483648, 1)).toBe(2147483648)
    expect(reconnectDelay('backoff', 2147483648, 3, () => 1)).toBe(2147483648)
  })
})
