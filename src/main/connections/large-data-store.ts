/**
 * The whole data of events too large to send to the UI, kept so the UI can still copy and
 * export them. Bounded by total size: the oldest go first, and asking for one then says so.
 */
export class LargeDataStore {
  private readonly items = new Map<string, string>()
  private chars = 0
  private next = 0

  constructor(private readonly maxChars = 128 * 1024 * 1024) {}

  put(data: string): string {
    const key = `d${++this.next}`
    this.items.set(key, data)
    this.chars += data.length
    // Map iterates in insertion order, so the first key is the oldest; the newest always stays.
    for (const [oldest, value] of this.items) {
      if (this.chars <= this.maxChars || oldest === key) break
      this.items.delete(oldest)
      this.chars -= value.length
    }
    return key
  }

  get(key: string): string | null {
    return this.items.get(key) ?? null
  }

  clear(): void {
    this.items.clear()
    this.chars = 0
  }
}
