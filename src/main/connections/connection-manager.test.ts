import { describe, expect, it } from 'vitest'
import { MAX_UI_RAW_CHARS, type Frame } from '../../shared/frames'
import { withoutHugeRaw } from './connection-manager'

const event = (raw: string): Frame => ({ kind: 'event', type: 'message', data: 'x', lastEventId: '', raw, connectionId: 'c', time: 1 })

describe('withoutHugeRaw', () => {
  it('keeps raw up to the limit and drops it, saying so, past it', () => {
    const small = event('data: x\n\n')
    expect(withoutHugeRaw(small)).toBe(small)
    const atLimit = event('d'.repeat(MAX_UI_RAW_CHARS))
    expect(withoutHugeRaw(atLimit)).toBe(atLimit)
    expect(withoutHugeRaw(event('d'.repeat(MAX_UI_RAW_CHARS + 1)))).toEqual({
      kind: 'event',
      type: 'message',
      data: 'x',
      lastEventId: '',
      connectionId: 'c',
      time: 1,
      rawOmitted: true
    })
  })
})
