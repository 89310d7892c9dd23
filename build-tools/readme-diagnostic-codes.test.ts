import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DIAGNOSTIC_CODES } from '../src/shared/frames'

/** The codes in the README's "Diagnostic codes" table, in order (first cell of each row). */
function documentedCodes(): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const start = readme.indexOf('\n### Diagnostic codes\n')
  if (start === -1) throw new Error('README.md has no "### Diagnostic codes" section')
  const next = readme.indexOf('\n#', start + 1)
  const section = readme.slice(start, next === -1 ? undefined : next)
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!)
}

describe('README "Diagnostic codes"', () => {
  it('documents every code of DiagnosticCode, and no other', () => {
    const documented = documentedCodes()
    expect(
      documented.filter((code) => !(DIAGNOSTIC_CODES as readonly string[]).includes(code)),
      'in the README only'
    ).toEqual([])
    expect(
      DIAGNOSTIC_CODES.filter((code) => !documented.includes(code)),
      'missing from the README'
    ).toEqual([])
  })

  it('lists each code once, in the README and in DIAGNOSTIC_CODES', () => {
    const documented = documentedCodes()
    expect(new Set(documented).size).toBe(documented.length)
    expect(new Set(DIAGNOSTIC_CODES).size).toBe(DIAGNOSTIC_CODES.length)
  })
})
