/**
 * A string built from many small pieces in linear time. Appending keeps the piece; reading
 * joins everything appended since the last read once and keeps the result, so a 10 MB answer
 * streamed in 100,000 deltas is copied a bounded number of times rather than once per delta.
 */
export class TextBuffer {
  private pieces: string[] = []
  private joined = ''
  private length_ = 0
  /** UTF-16 units copied by joins so far: lets tests prove the work stays linear. */
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
      this.joined = this.joined + this.pieces.join('')
      this.copiedUnits += this.length_
      this.pieces = []
    }
    return this.joined
  }
}
