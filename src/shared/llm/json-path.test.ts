import { describe, expect, it } from 'vitest'
import { JsonPathError, compileJsonPath, evaluateJsonPath } from './json-path'

const select = (path: string, root: unknown) => evaluateJsonPath(compileJsonPath(path), root)

describe('JSONPath subset', () => {
  const doc = { choices: [{ delta: { content: 'a' } }, { delta: {} }, { delta: { content: 'c' } }], 'odd key': { x: 1 } }

  it('selects members, indices (negative from the end) and wildcards in document order', () => {
    expect(select('$.choices[0].delta.content', doc)).toEqual(['a'])
    expect(select('$.choices[-1].delta.content', doc)).toEqual(['c'])
    expect(select('$.choices[*].delta.content', doc)).toEqual(['a', 'c'])
    expect(select("$['odd key'].x", doc)).toEqual([1])
    expect(select('$["odd key"].*', doc)).toEqual([1])
    expect(select('$', 5)).toEqual([5])
  })

  it('selects nothing where the path does not exist, and never reads inherited members', () => {
    expect(select('$.choices[9].delta', doc)).toEqual([])
    expect(select('$.nope.deeper', doc)).toEqual([])
    expect(select('$.choices.length', doc)).toEqual([])
    expect(select('$.toString', {})).toEqual([])
    expect(select('$.a', 'not an object')).toEqual([])
  })

  it('rejects what it does not support, saying where and what is', () => {
    for (const bad of ['choices[0]', '$..text', '$.a[?(@.x)]', '$.a[0:2]', '$.a[0,1]', '$.a[0', '$.', '$x']) {
      expect(() => compileJsonPath(bad), bad).toThrow(JsonPathError)
    }
    expect(() => compileJsonPath('$..text')).toThrow(/at character 2: recursive descent.*Supported: \$, \.name/)
  })
})
