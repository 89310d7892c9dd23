import type { LlmStall } from '../../../../shared/llm'
import { formatSpan, timeToX } from './timeline-layout'
import type { Scene } from './timeline-scene'

/** Stalls per connection id (gaps between an LLM answer's content chunks over the user's threshold). */
export type StallsByConnection = ReadonlyMap<string, readonly LlmStall[]>

/** The x range of each stall of a lane that falls in the window, in canvas pixels (for drawing and tests). */
export function stallRanges(scene: Scene, stalls: readonly LlmStall[]): Array<{ x0: number; x1: number; stall: LlmStall }> {
  const out: Array<{ x0: number; x1: number; stall: LlmStall }> = []
  for (const stall of stalls) {
    if (stall.end < scene.win.start || stall.start > scene.win.end) continue
    const x0 = scene.plotX + timeToX(stall.start, scene.win, scene.plotW)
    const x1 = scene.plotX + timeToX(stall.end, scene.win, scene.plotW)
    out.push({ x0, x1: Math.max(x0 + 2, x1), stall })
  }
  return out
}

/**
 * Marks stalls on their connection's lane: a bracket along the top of the lane from the chunk
 * before the gap to the one that ended it, with the gap written in when it fits. Drawn in the
 * warning color, over the events, distinct from a disconnection's hatched band.
 */
export function drawStalls(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  theme: { warn: string; panel: string; sans: string; dark: boolean },
  stalls: StallsByConnection
): void {
  for (const lane of scene.lanes) {
    const list = stalls.get(lane.connectionId)
    if (!list) continue
    const top = lane.y + 3
    for (const { x0, x1, stall } of stallRanges(scene, list)) {
      ctx.fillStyle = theme.warn
      ctx.globalAlpha = theme.dark ? 0.12 : 0.09
      ctx.fillRect(x0, lane.y + 1, x1 - x0, lane.h - 2)
      ctx.globalAlpha = 1
      ctx.fillRect(x0, top, x1 - x0, 2)
      ctx.fillRect(x0, top, 1.5, 7)
      ctx.fillRect(x1 - 1.5, top, 1.5, 7)
      const label = `stall ${formatSpan(stall.gapMs)}`
      ctx.font = `600 10px ${theme.sans}`
      const w = ctx.measureText(label).width
      if (x1 - x0 > w + 8) {
        ctx.fillStyle = theme.warn
        ctx.textAlign = 'center'
        ctx.fillText(label, (x0 + x1) / 2, top + 9)
        ctx.textAlign = 'left'
      }
    }
  }
}
