import { describe, expect, it } from 'vitest'
import { RateMeter } from './rate-meter'

describe('RateMeter', () => {
  it('averages over its sliding window and forgets what left it', () => {
    let now = 10_000
    const meter = new RateMeter(1000, 100, () => now)
    for (let i = 0; i < 10; i++) {
      meter.add(5, 500)
      now += 100
    }
    now -= 1
    expect(meter.rates()).toEqual({ eventsPerSecond: 50, bytesPerSecond: 5000 })
    now += 500
    expect(meter.rates()).toEqual({ eventsPerSecond: 25, bytesPerSecond: 2500 })
    now += 5000
    expect(meter.rates()).toEqual({ eventsPerSecond: 0, bytesPerSecond: 0 })
  })
})
