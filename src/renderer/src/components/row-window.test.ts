import { describe, expect, it } from 'vitest'
import { bottomScrollTop, visibleRows } from './row-window'

describe('row window', () => {
  it('covers the viewport plus overscan, clamped to the list', () => {
    expect(visibleRows(0, 260, 26, 1000, 5)).toEqual({ first: 0, last: 15 })
    expect(visibleRows(2600, 260, 26, 1000, 5)).toEqual({ first: 95, last: 115 })
    expect(visibleRows(25_900, 260, 26, 1000, 5)).toEqual({ first: 991, last: 1000 })
    expect(visibleRows(0, 260, 26, 0, 5)).toEqual({ first: 0, last: 0 })
  })

  it('puts the last row at the bottom when pinned', () => {
    expect(bottomScrollTop(100, 26, 260)).toBe(2340)
    expect(bottomScrollTop(5, 26, 260)).toBe(0)
  })
})
