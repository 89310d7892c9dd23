import { describe, expect, it } from 'vitest'
import { MAX_JSON_TREE_CHARS, nestingDepth, viewOfData } from './json-data'

describe('viewOfData', () => {
  it('shows objects and arrays as JSON, other text as text', () => {
    expect(viewOfData('{"a":[1,2]}')).toEqual({ kind: 'json', value: { a: [1, 2] }, depth: 2 })
    expect(viewOfData(' [true]')).toEqual({ kind: 'json', value: [true], depth: 1 })
    expect(viewOfData('42')).toEqual({ kind: 'text', reason: null })
    expect(viewOfData('hello')).toEqual({ kind: 'text', reason: null })
  })

  it('explains why something that looks like JSON is shown as text', () => {
    expect(viewOfData('{"a":')).toMatchObject({ kind: 'text', reason: expect.stringMatching(/^Not valid JSON/) })
    const huge = `[${'1,'.repeat(MAX_JSON_TREE_CHARS / 2)}1]`
    expect(viewOfData(huge)).toMatchObject({ kind: 'text', reason: expect.stringMatching(/too large/) })
  })

  it('parses JSON nested 100,000 deep and says how deep, without recursion', () => {
    const deep = `${'{"a":'.repeat(50_000)}${'['.repeat(50_000)}${']'.repeat(50_000)}${'}'.repeat(50_000)}`
    expect(viewOfData(deep)).toMatchObject({ kind: 'json', depth: 100_000 })
  })
})

describe('nestingDepth', () => {
  it('ignores brackets and escaped quotes inside strings', () => {
    expect(nestingDepth('{"a[{":"x\\"[[","b":[{}]}')).toBe(3)
    expect(nestingDepth('"[[["')).toBe(0)
  })
})
