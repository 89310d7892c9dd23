import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderSchema, SCHEMA_FILES } from './frame-schemas'

describe('published JSON Schemas', () => {
  it.each(Object.entries(SCHEMA_FILES))('%s is what `npm run schema` writes today', (path, schema) => {
    const committed = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')
    // Not toBe on the whole text: a stale file should fail with a readable diff, then the hint.
    expect(JSON.parse(committed), `${path} is stale: run \`npm run schema\` and commit it`).toEqual(JSON.parse(renderSchema(schema)))
    expect(committed === renderSchema(schema), `${path} is not formatted as \`npm run schema\` writes it: run it`).toBe(true)
  })

  it('renders the same text every time', () => {
    for (const schema of Object.values(SCHEMA_FILES)) expect(renderSchema(schema)).toBe(renderSchema(schema))
  })
})
