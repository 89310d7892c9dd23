import { describe, expect, it } from 'vitest'
import { measureTiming, type TimedFrame } from './timing'

/** A connection's frames at given times (ms), from a compact list of [kind, time]. */
const log = (...frames: Array<[string, number]>): TimedFrame[] => frames.map(([kind, time]) => ({ kind, time }))

describe('measureTiming', () => {
  const frames = log(
    ['connecting', 1000], // 0
    ['open', 1120], // 1
    ['event', 1150], // 2: role only, no content
    ['event', 1400], // 3: first token
    ['event', 1450], // 4
    ['comment', 1500], // 5
    ['event', 1500], // 6
    ['event', 2800], // 7: after a 1300 ms stall
    ['event', 2810], // 8: [DONE]
    ['close', 2811] // 9
  )
  const content = { contentFrames: [3, 4, 6, 7], contentChars: 140 }

  it('measures from the connecting frame: headers, first event, first token, whole answer', () => {
    const t = measureTiming(frames, content)
    expect(t).toMatchObject({ ttfbMs: 120, firstEventMs: 150, ttftMs: 400, durationMs: 1811, chunks: 4 })
  })

  it('reports gap percentiles (nearest rank), the largest gap, characters per second and stalls', () => {
    const t = measureTiming(frames, content)
    // gaps: 50, 50, 1300
    expect(t).toMatchObject({ gapP50Ms: 50, gapP95Ms: 1300, gapMaxMs: 1300 })
    expect(t.charsPerSecond).toBe(100) // 140 characters over 1.4 s
    expect(t.stalls).toEqual([{ start: 1500, end: 2800, gapMs: 1300, frame: 7, afterFrame: 6 }])
  })

  it('takes a stall threshold', () => {
    expect(measureTiming(frames, content, { stallMs: 40 }).stalls.map((s) => s.frame)).toEqual([4, 6, 7])
    expect(measureTiming(frames, content, { stallMs: 5000 }).stalls).toEqual([])
  })

  it('gives null rather than made-up figures when there is nothing to measure', () => {
    const none = measureTiming(log(['connecting', 0], ['open', 10]), { contentFrames: [], contentChars: 0 })
    expect(none).toMatchObject({
      ttfbMs: 10,
      firstEventMs: null,
      ttftMs: null,
      chunks: 0,
      charsPerSecond: null,
      gapP50Ms: null,
      gapMaxMs: null
    })
    // A parsed capture has no connecting frame: nothing is "since connecting".
    const parsed = measureTiming(log(['event', 5], ['event', 9]), { contentFrames: [0, 1], contentChars: 4 })
    expect(parsed).toMatchObject({ ttfbMs: null, ttftMs: null, durationMs: null, chunks: 2, gapP50Ms: 4, charsPerSecond: 1000 })
  })

  it('measures from a later attempt when told to', () => {
    const twice = log(['connecting', 0], ['open', 10], ['event', 20], ['error', 30], ['connecting', 1000], ['open', 1050], ['event', 1200])
    expect(measureTiming(twice, { contentFrames: [6], contentChars: 1 }, { startFrame: 4 })).toMatchObject({
      ttfbMs: 50,
      firstEventMs: 200,
      ttftMs: 200
    })
  })

  it('measures the attempt that starts at the first connecting frame, ignoring indices outside the log', () => {
    const t = measureTiming(log(['connecting', 0], ['open', 30], ['event', 50]), { contentFrames: [2, 99], contentChars: 3 })
    expect(t).toMatchObject({ ttfbMs: 30, ttftMs: 50, chunks: 1 })
  })
})
