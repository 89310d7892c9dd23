import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { BlockWriter } from './block-writer'

/** A stream that takes writes but completes none until `release()`: a reader that stopped. */
function stalled(highWaterMark: number) {
  const writes: string[] = []
  const callbacks: Array<() => void> = []
  const stream = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _enc, cb) {
      writes.push(chunk)
      callbacks.push(cb)
    }
  })
  return { stream, writes, release: () => callbacks.splice(0).forEach((cb) => cb()) }
}

describe('BlockWriter', () => {
  it('writes the lines of one turn as one block, before anything queued after them', async () => {
    const { stream, writes } = stalled(1024)
    const out = new BlockWriter(stream)
    out.write('a\n')
    out.write('b\n')
    expect(writes).toEqual([])
    await Promise.resolve()
    expect(writes).toEqual(['a\nb\n'])
  })

  it('writes at once past its block size', () => {
    const { stream, writes } = stalled(1 << 20)
    const out = new BlockWriter(stream, 4)
    out.write('abcd')
    expect(writes).toEqual(['abcd'])
  })

  it('is full while the stream is past its highWaterMark, and calls back once it drains', () => {
    const { stream, release } = stalled(8)
    const out = new BlockWriter(stream, 4)
    out.write('0123456789')
    expect(out.full).toBe(true)
    let drained = 0
    out.onDrain(() => (drained += 1))
    release()
    expect(out.full).toBe(false)
    expect(drained).toBe(1)
  })
})
