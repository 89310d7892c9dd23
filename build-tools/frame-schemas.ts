/**
 * `npm run schema`: writes the published JSON Schemas (JSON Schema 2020-12) from the zod
 * definitions in src/shared/frame-schema.ts. The output is deterministic (property order as
 * defined, 2-space JSON, a trailing newline), so regenerating in memory and comparing with the
 * committed files tells whether they are stale (frame-schemas.test.ts). Prettier leaves these
 * files alone (.prettierignore): it would fold short arrays that JSON.stringify writes one item
 * per line, and the two would fight.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { z } from 'zod'
import { frameSchema, parseSummarySchema } from '../src/shared/frame-schema'

/** The published files, by path from the repository root. */
export const SCHEMA_FILES = {
  // One frame per document: each line of `tail --json` and `parse --json`.
  'docs/frame.schema.json': frameSchema,
  // A root schema of its own rather than a $defs entry of the frame schema: it describes a
  // different document, and a validator is then pointed at a file, not at a fragment.
  'docs/summary.schema.json': parseSummarySchema
} as const

/** The text of one schema file, exactly as committed. */
export function renderSchema(schema: z.ZodType): string {
  return JSON.stringify(z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'throw' }), null, 2) + '\n'
}

/** Writes every schema file under `root` (a directory URL). Returns the paths written. */
export function writeSchemas(root: URL): string[] {
  return Object.entries(SCHEMA_FILES).map(([path, schema]) => {
    writeFileSync(new URL(path, root), renderSchema(schema))
    return path
  })
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = new URL('..', import.meta.url)
  for (const path of writeSchemas(root)) console.log(`wrote ${fileURLToPath(new URL(path, root))}`)
}
