/** Longest tail kept whole when a type name is cut in the middle. */
const TAIL_MAX = 16

/**
 * Splits an event type into a head that may be cut and a tail always shown, so a narrow
 * column reads `content_blo…_delta` and `response.outp…text.delta` instead of cutting away the
 * part that tells types apart (`content_block_start` vs `content_block_stop`). The tail is the
 * last two segments (split at `.`, `_`, `-`, `:` or `/`) when they fit in 16 characters,
 * else the last segment, else the last 8 characters.
 */
export function splitTypeName(type: string): { head: string; tail: string } {
  const cuts: number[] = []
  for (let i = 1; i < type.length - 1; i++) if ('._-:/'.includes(type[i] as string)) cuts.push(i)
  const lastTwo = cuts.length >= 2 ? (cuts[cuts.length - 2] as number) : -1
  const last = cuts.length >= 1 ? (cuts[cuts.length - 1] as number) : -1
  let at: number
  if (lastTwo >= 0 && type.length - lastTwo <= TAIL_MAX) at = lastTwo
  else if (last >= 0 && type.length - last <= TAIL_MAX) at = last
  else at = Math.max(0, type.length - 8)
  // Short names gain nothing from a split.
  if (type.length <= TAIL_MAX) at = type.length
  return { head: type.slice(0, at), tail: type.slice(at) }
}
