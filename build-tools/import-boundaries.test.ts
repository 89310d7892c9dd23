import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * The architecture's import boundaries are lint rules (eslint.config.js); this proves they bite.
 * Only `no-restricted-imports` runs, without type information, so each case lints in milliseconds.
 */
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports'
})

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`)
}

describe('import boundaries', () => {
  // The first lint loads the config and its plugins, the slow part: a hook, not the first case.
  beforeAll(() => violations('src/main/sse/parser.ts', 'export const x = 1\n'))

  it.each([
    ['src/main/sse/parser.ts', "import { app } from 'electron'"],
    ['src/main/cli/index.ts', "import { BrowserWindow } from 'electron'"],
    ['src/shared/frames.ts', "import { app } from 'electron'"],
    ['src/shared/frames.ts', "import { readFile } from 'node:fs/promises'"],
    ['src/shared/frames.ts', "import { join } from 'path'"],
    ['src/shared/frames.ts', "import { EventStreamParser } from '../main/sse/parser'"],
    ['src/shared/frames.ts', "import { useAppStore } from '../renderer/src/store/app-store'"],
    ['src/renderer/src/App.tsx', "import { ipcRenderer } from 'electron'"],
    ['src/renderer/src/App.tsx', "import { createServer } from 'node:http'"],
    ['src/renderer/src/App.tsx', "import { EventEmitter } from 'events'"],
    ['src/renderer/src/App.tsx', "import { z } from 'zod'"],
    ['src/renderer/src/components/EventTable.tsx', "import { SseClient } from '../../../main/sse/client'"],
    ['src/renderer/src/App.tsx', "import type { Same } from '../../shared/frame-schema'"]
  ])('%s may not %s', async (file, statement) => {
    const found = await violations(file, `${statement}\nexport const x = 1\n`)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/^no-restricted-imports: /)
  })

  it.each([
    ['src/main/electron/ipc-adapter.ts', "import { ipcMain } from 'electron'"],
    ['src/main/index.ts', "import { app } from 'electron'"],
    ['src/preload/index.ts', "import { contextBridge } from 'electron'"],
    ['src/main/sse/parser.ts', "import { createServer } from 'node:http'"],
    ['src/main/sse/parser.ts', "import type { Frame } from '../../shared/frames'"],
    ['src/renderer/src/App.tsx', "import type { Frame } from '../../shared/frames'"],
    ['src/renderer/src/App.tsx', "import { useAppStore } from './store/app-store'"],
    ['src/shared/contract.ts', "import { z } from 'zod'"]
  ])('%s may %s', async (file, statement) => {
    expect(await violations(file, `${statement}\nexport const x = 1\n`)).toEqual([])
  })
})
