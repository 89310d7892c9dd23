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

/** OKLab distance between two #rrggbb colours (0 same, about 0.02 just noticeable). */
function okDistance(a: string, b: string): number {
  const lab = (hex: string): [number, number, number] => {
    const v = Number.parseInt(hex.slice(1), 16)
    const [r, g, bl] = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => {
      const x = c / 255
      return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4
    }) as [number, number, number]
    const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * bl)
    const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * bl)
    const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * bl)
    return [
      0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
      1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
      0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s
    ]
  }
  const [x, y] = [lab(a), lab(b)]
  return Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2])
}

const ANTHROPIC = [
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error'
]
const RESPONSES = [
  'response.created',
  'response.in_progress',
  'response.output_item.added',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
  'response.completed',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.reasoning_summary_text.delta',
  'response.incomplete',
  'response.failed',
  'error'
]
/** The dozen an answer's stream shows most: Anthropic's six and the Responses API's six. */
const TWELVE = [
  ...ANTHROPIC.slice(0, 6),
  'response.created',
  'response.output_item.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.output_item.done',
  'response.completed'
]

describe('LLM event types', () => {
  const pairs = (list: readonly string[]): Array<[string, string]> =>
    list.flatMap((a, i) => list.slice(i + 1).map((b): [string, string] => [a, b]))

  it('gives the 12 Anthropic and Responses types pairwise-distinct colours in both themes', () => {
    for (const dark of [false, true]) {
      for (const [a, b] of pairs(TWELVE)) {
        expect(typeColor(a, dark), `${a} vs ${b}`).not.toBe(typeColor(b, dark))
        expect(okDistance(typeColor(a, dark), typeColor(b, dark)), `${a} vs ${b}`).toBeGreaterThan(0.04)
      }
    }
  })

  it('keeps every type of one dialect apart, and none of them the message blue', () => {
    for (const dark of [false, true]) {
      for (const list of [ANTHROPIC, RESPONSES]) {
        for (const [a, b] of pairs([...list, 'message'])) {
          expect(okDistance(typeColor(a, dark), typeColor(b, dark)), `${a} vs ${b}`).toBeGreaterThan(0.04)
        }
      }
      // Anthropic's eight differ in hue, not only in lightness.
      for (const [a, b] of pairs(ANTHROPIC)) {
        const d = Math.abs(hueOf(typeColor(a, dark)) - hueOf(typeColor(b, dark)))
        expect(Math.min(d, 360 - d), `${a} vs ${b}`).toBeGreaterThan(12)
      }
    }
  })

  it('stays readable on every panel', () => {
    for (const type of [...ANTHROPIC, ...RESPONSES]) {
      for (const bg of LIGHT_BACKGROUNDS) expect(contrastRatio(typeColor(type, false), bg)).toBeGreaterThanOrEqual(4.5)
      for (const bg of DARK_BACKGROUNDS) expect(contrastRatio(typeColor(type, true), bg)).toBeGreaterThanOrEqual(4.5)
    }
  })
})
