/**
 * One color per event type, shared by the timeline ticks and the event table's badges.
 *
 * Colors are picked in OKLCH, where equal lightness looks equally bright whatever the hue, so
 * every type reads as well as every other on the same background. The hue comes from a hash
 * of the type name (stable across sessions and machines); `message`, the type of plain
 * `data:` events, gets a fixed blue. Reds are left out, they mean errors on the timeline, and
 * so are the blues near `message`, so the most common type stands apart from the rest.
 */

const MESSAGE_HUE = 262
/**
 * Hues (degrees, OKLCH) for hashed types: no reds, nothing close to `message`, and a step
 * apart so two types never get colors only a careful eye could tell apart. Times two
 * lightness steps that makes 20 colors; beyond that, types share.
 */
const HUES = [55, 80, 105, 140, 165, 190, 212, 292, 315, 338]
/**
 * Any seed is as good as another for unknown names; this one gives the names streams use most
 * (tick, tock, price, connecttime, update, ping, heartbeat, delta, snapshot, status, progress,
 * done) distinct colors, the first seven distinct hues, and tick, tock and price far apart.
 */
const HASH_SEED = 11661

/** Lightness and chroma per theme: dark text-like colors on light panels, light ones on dark. */
const LIGHT = { lightness: [0.47, 0.55], chroma: 0.15, hardestBackground: '#f0f2f5', step: -0.01 }
const DARK = { lightness: [0.75, 0.82], chroma: 0.13, hardestBackground: '#1c212a', step: 0.01 }
/** Badge text must stay readable: WCAG AA for normal text, with a little margin. */
const MIN_CONTRAST = 4.6

const cache = new Map<string, string>()
const CACHE_LIMIT = 2048

export function typeColor(type: string, dark: boolean): string {
  const key = `${dark ? 'd' : 'l'}${type}`
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const color = computeTypeColor(type, dark)
  // Types come from the stream; a stream inventing a new type per event must not grow this forever.
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(key, color)
  return color
}

/**
 * Fixed slots (`hue index * 2 + lightness index`) for the event types of the LLM streams that
 * name their events, so the dozen types one answer uses never share a colour as hashing would.
 * Within a dialect each type has its own slot, and Anthropic's eight get eight different hues;
 * the Responses API's most frequent get different hues (the lighter step), its rarer ones
 * the darker. Corresponding types across dialects keep one hue (deltas green, starts
 * purple) but differ in lightness. Sources: Anthropic Messages streaming and OpenAI Responses
 * streaming event references.
 */
export const LLM_TYPE_SLOTS: Readonly<Record<string, number>> = {
  // Anthropic Messages
  message_start: 7 * 2,
  content_block_start: 1 * 2,
  content_block_delta: 3 * 2,
  content_block_stop: 0 * 2,
  message_delta: 8 * 2,
  message_stop: 9 * 2,
  // Not 5 * 2: tick hashes there, and ping and tick often share a demo stream.
  ping: 4 * 2,
  error: 2 * 2,
  // OpenAI Responses
  'response.created': 7 * 2 + 1,
  'response.in_progress': 6 * 2,
  'response.output_item.added': 1 * 2 + 1,
  'response.content_part.added': 4 * 2 + 1,
  'response.output_text.delta': 3 * 2 + 1,
  'response.output_text.done': 2 * 2 + 1,
  'response.content_part.done': 0 * 2 + 1,
  'response.output_item.done': 8 * 2 + 1,
  'response.completed': 9 * 2 + 1,
  'response.function_call_arguments.delta': 5 * 2 + 1,
  'response.function_call_arguments.done': 7 * 2,
  'response.reasoning_summary_text.delta': 4 * 2,
  'response.incomplete': 0 * 2,
  'response.failed': 9 * 2
}

function computeTypeColor(type: string, dark: boolean): string {
  const theme = dark ? DARK : LIGHT
  if (type === 'message') return readable(dark ? 0.74 : 0.53, dark ? 0.14 : 0.19, MESSAGE_HUE, theme)
  const slot = LLM_TYPE_SLOTS[type] ?? hashString(type, HASH_SEED) % (HUES.length * 2)
  return readable(theme.lightness[slot & 1] as number, theme.chroma, HUES[slot >> 1] as number, theme)
}

/** OKLCH lightness only approximates WCAG luminance, so step away from the background until it reads. */
function readable(lightness: number, chroma: number, hue: number, theme: typeof LIGHT): string {
  let l = lightness
  let hex = oklchToHex(l, chroma, hue)
  for (let i = 0; i < 40 && contrastRatio(hex, theme.hardestBackground) < MIN_CONTRAST; i++) {
    l += theme.step
    hex = oklchToHex(l, chroma, hue)
  }
  return hex
}

/** FNV-1a over UTF-16 code units, then a murmur3 finalizer so similar names spread apart. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** OKLCH to an sRGB hex string, lowering chroma until the color fits the sRGB gamut. */
export function oklchToHex(lightness: number, chroma: number, hueDeg: number): string {
  let lo = 0
  let hi = chroma
  let rgb = oklchToLinear(lightness, chroma, hueDeg)
  if (!inGamut(rgb)) {
    for (let i = 0; i < 20; i++) {
      const mid = (lo + hi) / 2
      if (inGamut(oklchToLinear(lightness, mid, hueDeg))) lo = mid
      else hi = mid
    }
    rgb = oklchToLinear(lightness, lo, hueDeg)
  }
  return `#${rgb
    .map((c) =>
      Math.round(encodeSrgb(c) * 255)
        .toString(16)
        .padStart(2, '0')
    )
    .join('')}`
}

function oklchToLinear(lightness: number, chroma: number, hueDeg: number): [number, number, number] {
  const h = (hueDeg * Math.PI) / 180
  const a = chroma * Math.cos(h)
  const b = chroma * Math.sin(h)
  const l = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
  const m = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
  const s = (lightness - 0.0894841775 * a - 1.291485548 * b) ** 3
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s
  ]
}

function inGamut(rgb: readonly number[]): boolean {
  return rgb.every((c) => c >= -1e-4 && c <= 1 + 1e-4)
}

function encodeSrgb(linear: number): number {
  const c = Math.min(1, Math.max(0, linear))
  return c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055
}

/** WCAG relative luminance of a `#rrggbb` color. */
export function relativeLuminance(hex: string): number {
  const value = Number.parseInt(hex.slice(1, 7), 16)
  const channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((v) => {
    const c = v / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * (channels[0] as number) + 0.7152 * (channels[1] as number) + 0.0722 * (channels[2] as number)
}

/** WCAG contrast ratio between two `#rrggbb` colors, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a)
  const lb = relativeLuminance(b)
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
}
