/**
 * Events per event type among the frames the log still holds, for the filter chips.
 *
 * A stream picks its own `event:` names, and one inventing a new name per event must not grow
 * this without bound (issue #13 finding 4: 200,000 names made 139,000 chips). At most `limit`
 * types are tracked; events of any other type are counted together in `other`. Counts change in
 * place and `version` says when they did, so a store update never copies them. Frames leave in
 * the order they came (the log is a ring buffer), which keeps the counts exact: a type tracked
 * since sequence number `since` owns its events from then on, earlier ones were counted in `other`.
 */
export class TypeCounts {
  private readonly tracked = new Map<string, { count: number; since: number }>()
  /** Events held whose type is not tracked. */
  other = 0
  /** Bumped on every change. */
  version = 0

  constructor(readonly limit = MAX_TRACKED_TYPES) {}

  /** Types tracked now (at most `limit`). */
  get size(): number {
    return this.tracked.size
  }

  /** An event of `type` with sequence number `seq` (FrameLog's) came in. */
  add(type: string, seq: number): void {
    this.version += 1
    const entry = this.tracked.get(type)
    if (entry) entry.count += 1
    else if (this.tracked.size < this.limit) this.tracked.set(type, { count: 1, since: seq })
    else this.other += 1
  }

  /** The event of `type` with sequence number `seq` left the log. */
  remove(type: string, seq: number): void {
    this.version += 1
    const entry = this.tracked.get(type)
    if (entry && seq >= entry.since) {
      entry.count -= 1
      if (entry.count === 0) this.tracked.delete(type)
    } else if (this.other > 0) this.other -= 1
  }

  count(type: string): number {
    return this.tracked.get(type)?.count ?? 0
  }

  /** Up to `n` tracked types whose name contains `query` (any case; all when empty), most events first, then by name. */
  top(n: number, query = ''): Array<[type: string, count: number]> {
    const needle = query.toLowerCase()
    const rows: Array<[string, number]> = []
    for (const [type, { count }] of this.tracked) if (!needle || type.toLowerCase().includes(needle)) rows.push([type, count])
    rows.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    return rows.slice(0, n)
  }

  clear(): void {
    this.tracked.clear()
    this.other = 0
    this.version += 1
  }
}

/** Types counted one by one; a few hundred is far past what a person filters by, and cheap to sort. */
export const MAX_TRACKED_TYPES = 500
