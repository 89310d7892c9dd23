import { describe, expect, it } from 'vitest'
import { parseMediaType } from './content-type'

describe('parseMediaType', () => {
  it('ignores case, whitespace and parameters for the essence', () => {
    expect(parseMediaType(' Text/Event-Stream ; charset="UTF-8"')).toEqual({ essence: 'text/event-stream', params: { charset: 'UTF-8' } })
  })
  it('rejects what is not a media type', () => {
    expect(parseMediaType(undefined)).toBeNull()
    expect(parseMediaType('eventstream')).toBeNull()
    expect(parseMediaType('')).toBeNull()
  })
})
