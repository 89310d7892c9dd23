/**
 * A string built from many small pieces in linear time. Appending keeps the piece; reading
 * joins only the pieces appended since the last read (each character is joined once) and adds
 * them to the text read before, which JS engines do without copying it (a rope), so a 10 MB
 * answer streamed in 100,000 deltas is not re-copied once per delta or once per read.
 */
export class TextBuffer {
  private pieces: string[] = []
  private joined = ''
  private length_ = 0
  /** UTF-16 units joined so far: lets tests prove each character is joined once. */
  copiedUnits = 0

  get length(): number {
    return this.length_
  }

  append(piece: string): void {
    if (piece.length === 0) return
    this.pieces.push(piece)
    this.length_ += piece.length
  }

  /** Replaces the whole content (a provider's final `...done` value when no delta arrived). */
  set(text: string): void {
    this.pieces = []
    this.joined = text
    this.length_ = text.length
  }

  toString(): string {
    if (this.pieces.length > 0) {
      const fresh = this.pieces.join('')
      this.copiedUnits += fresh.length
      this.joined += fresh
      this.pieces = []
    }
    return this.joined
  }
}
