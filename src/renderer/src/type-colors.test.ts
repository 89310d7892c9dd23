import { describe, expect, it } from 'vitest'
import { contrastRatio, hashString, oklchToHex, relativeLuminance, typeColor } from './type-colors'

/** The panel and page backgrounds of both themes (styles.css). */
const LIGHT_BACKGROUNDS = ['#ffffff', '#f6f7f9', '#f0f2f5']
const DARK_BACKGROUNDS = ['#0f1115', '#161a21', '#1c212a']

const TYPES = [
  'message',
  'tick',
  'tock',
  'price',
  'update',
  'ping',
  'heartbeat',
  'error',
  'user.joined',
  'user.left',
  'order-created',
  'order_updated',
  'delta',
  'snapshot',
  'connecttime',
  'a',
  'b',
  'ü',
  '日本語',
  'x'.repeat(300)
]

function hueOf(hex: string): number {
  const v = Number.parseInt(hex.slice(1), 16)
  const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => c / 255) as [number, number, number]
  const max = Math.max(r, g, b)
  const d = max - Math.min(r, g, b)
  if (d === 0) return 0
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4
  return (h * 60 + 360) % 360
}

describe('typeColor', () => {
  it('is deterministic and a #rrggbb color', () => {
    for (const type of TYPES) {
      for (const dark of [false, true]) {
        const color = typeColor(type, dark)
        expect(color).toMatch(/^#[0-9a-f]{6}$/)
        expect(typeColor(type, dark)).toBe(color)
      }
    }
    // Pinned, so a refactor cannot silently recolor everyone's timeline.
    expect(typeColor('message', false)).toBe('#2763d7')
    expect(typeColor('message', true)).toBe('#7caaff')
    expect(hashString('tick')).toBe(hashString('tick'))
    expect(hashString('tick')).not.toBe(hashString('tock'))
  })

  it('gives message a fixed blue in both themes', () => {
    for (const dark of [false, true]) {
      const hue = hueOf(typeColor('message', dark))
      expect(hue).toBeGreaterThan(205)
      expect(hue).toBeLessThan(235)
    }
  })

  it('is readable on every panel of its theme (WCAG 4.5:1, as badge text)', () => {
    for (const type of TYPES) {
      for (const bg of LIGHT_BACKGROUNDS) expect(contrastRatio(typeColor(type, false), bg)).toBeGreaterThanOrEqual(4.5)
      for (const bg of DARK_BACKGROUNDS) expect(contrastRatio(typeColor(type, true), bg)).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('keeps hashed types out of the reds that mean errors', () => {
    for (let i = 0; i < 500; i++) {
      for (const dark of [false, true]) {
        const hue = hueOf(typeColor(`type-${i}`, dark))
        expect(hue < 12 || hue > 345).toBe(false)
      }
    }
  })

  it('spreads common types apart', () => {
    const common = ['message', 'tick', 'tock', 'price', 'update', 'ping', 'heartbeat', 'delta', 'snapshot', 'status', 'progress', 'done']
    for (const dark of [false, true]) expect(new Set(common.map((t) => typeColor(t, dark))).size).toBe(common.length)
    // Hues of 200 random names cover the wheel instead of clustering.
    const sectors = new Set<number>()
    for (let i = 0; i < 200; i++) sectors.add(Math.floor(hueOf(typeColor(`event-${i}`, false)) / 30))
    expect(sectors.size).toBeGreaterThanOrEqual(8)
  })

  it('converts OKLCH within the sRGB gamut', () => {
    expect(oklchToHex(1, 0, 0)).toBe('#ffffff')
    expect(oklchToHex(0, 0, 0)).toBe('#000000')
    // A chroma no screen can show is brought into gamut rather than clipped per channel.
    const vivid = oklchToHex(0.6, 0.5, 150)
    expect(vivid).toMatch(/^#[0-9a-f]{6}$/)
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1)
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21)
  })
})
