import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { build, type Rolldown } from 'vite'
import { describe, expect, it } from 'vitest'

/**
 * The renderer validates nothing (the core does, README "Security"), so it must not carry zod:
 * about 178 kB of the bundle, and a `new Function` probe the CSP would report. Type imports
 * from the schema modules are fine; a value import, even the side-effect one that
 * `verbatimModuleSyntax` leaves of `import { type X }`, pulls the schemas in. Only a real build
 * tells, so this runs one (about half a second, nothing written).
 */
describe('renderer bundle', () => {
  it('reaches no module of zod', async () => {
    const result = await build({
      configFile: false,
      root: fileURLToPath(new URL('../src/renderer', import.meta.url)),
      logLevel: 'silent',
      plugins: [react()],
      build: { write: false, modulePreload: false }
    })
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[]
    const modules = outputs.flatMap((o) => o.output.flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : [])))
    expect(modules.some((id) => id.includes('src/renderer/src/main.tsx'))).toBe(true)
    const zod = modules.filter((id) => /[\\/]node_modules[\\/]zod[\\/]/.test(id))
    expect(zod, 'a renderer module value-imports a shared module that uses zod: take its types with `import type`').toEqual([])
  })
})
