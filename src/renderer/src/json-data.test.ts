import { describe, expect, it } from 'vitest'
import { MAX_JSON_TREE_CHARS, viewOfData } from './json-data'

describe('viewOfData', () => {
  it('shows objects and arrays as JSON, other text as text', () => {
    expect(viewOfData('{"a":[1,2]}')).toEqual({ kind: 'json', value: { a: [1, 2] } })
    expect(viewOfData(' [true]')).toEqual({ kind: 'json', value: [true] })
    expect(viewOfData('42')).toEqual({ kind: 'text', reason: null })
    expect(viewOfData('hello')).toEqual({ kind: 'text', reason: null })
  })

  it('explains why something that looks like JSON is shown as text', () => {
    expect(viewOfData('{"a":')).toMatchObject({ kind: 'text', reason: expect.stringMatching(/^Not valid JSON/) })
    const huge = `[${'1,'.repeat(MAX_JSON_TREE_CHARS / 2)}1]`
    expect(viewOfData(huge)).toMatchObject({ kind: 'text', reason: expect.stringMatching(/too large/) })
  })
})
