import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SSE_HEADERS, startLocalServer, type LocalServer } from '../testing/local-server'
import { sanitizeForTerminal, terminalSafeJson } from './terminal-format'

/**
 * Issue #13 finding 5: a stream must not reach the user's terminal through the CLI's output.
 * The commands run in processes of their own and their stdout is checked byte by byte.
 */
const ROOT = join(import.meta.dirname, '../../..')
/** An event whose type, data and id carry C1 controls (8-bit CSI, OSC 52, ST, NEL), DEL, bidi overrides and isolates, U+2028, ZWSP, and a 7-bit OSC. */
const CAPTURE = join(import.meta.dirname, 'fixtures/terminal-escapes.sse')
const DATA = '\u001b]0;pwned\u0007 \u009d52;c;Y2xpcA==\u009c \u007f \u202e evil \u2066x\u2069 \u2028 \u200b'

/** What a terminal could act on, or be made to show out of order: C0 but tab/LF, DEL, C1, bidi, zero-width, U+2028/9. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/

function runCli(args: string[]): Promise<{ code: number | null; stdout: Buffer }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/main/testing/cli-entry.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const chunks: Buffer[] = []
  child.stdout.on('data', (b: Buffer) => chunks.push(b))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks) }))
  })
}

function lines(stdout: Buffer): string[] {
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
}

let server: LocalServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

describe('terminal escapes in CLI output', { timeout: 60_000 }, () => {
  it('parse --json: no raw control, bidi or separator character, and each line parses to the original strings', async () => {
    const { code, stdout } = await runCli(['parse', CAPTURE, '--json'])
    expect(code).toBe(0)
    const text = stdout.toString('utf8')
    expect(text).not.toMatch(UNSAFE)
    expect(text).toContain('\\u009d52;c;')
    const event = lines(stdout)
      .map((l) => JSON.parse(l) as { kind: string; type?: string; data?: string })
      .find((f) => f.kind === 'event')
    expect(event).toMatchObject({ type: 'title\u009b', data: DATA })
  })

  it('parse --summary: the type names in the counts are escaped too', async () => {
    const { code, stdout } = await runCli(['parse', CAPTURE, '--summary'])
    expect(code).toBe(0)
    expect(stdout.toString('utf8')).not.toMatch(UNSAFE)
    expect((JSON.parse(lines(stdout)[0] ?? '') as { types: Record<string, number> }).types).toEqual({ 'title\u009b': 1 })
  })

  it('parse (text): controls, bidi and zero-width characters shown as escapes', async () => {
    const { code, stdout } = await runCli(['parse', CAPTURE])
    expect(code).toBe(0)
    const text = stdout.toString('utf8')
    expect(text).not.toMatch(UNSAFE)
    expect(text).toContain('title\\x9b')
    expect(text).toContain('\\u202e evil \\u2066x\\u2069 \\u2028 \\u200b')
  })

  it('tail --json and tail --summary from a live stream: nothing a terminal would act on', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end(readFileSync(CAPTURE))
    })
    for (const flag of ['--json', '--summary']) {
      const { code, stdout } = await runCli(['tail', `${server.url}/stream`, '--no-reconnect', flag])
      expect(code).toBe(0)
      const text = stdout.toString('utf8')
      expect(text).not.toMatch(UNSAFE)
      expect(text).toContain('title\\u009b')
    }
  })

  it('tail --assemble: the answer shows bidi and zero-width characters as escapes, keeps emoji joiners', async () => {
    const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, SSE_HEADERS)
      res.end(chunk('pay \u202eeulav\u202c to\u200b ') + chunk('\u009d52;c;eA==\u009c 👩\u200d💻') + 'data: [DONE]\n\n')
    })
    const { code, stdout } = await runCli(['tail', `${server.url}/v1/chat`, '--no-reconnect', '--assemble'])
    expect(code).toBe(0)
    const text = stdout.toString('utf8')
    expect(text.replace('👩\u200d💻', '')).not.toMatch(UNSAFE)
    expect(text).toContain('pay \\u202eeulav\\u202c to\\u200b \\x9d52;c;eA==\\x9c 👩\u200d💻')
  })
})

describe('terminalSafeJson', () => {
  it('parses back to the same value', () => {
    const value = { [`k\u0085\u2029`]: [DATA, '\u200d\ufeff'] }
    const json = terminalSafeJson(value)
    expect(json).not.toMatch(UNSAFE)
    expect(JSON.parse(json)).toEqual(value)
  })
})

describe('sanitizeForTerminal', () => {
  it('keeps tab and ordinary text, escapes a lone zero-width joiner', () => {
    expect(sanitizeForTerminal('a\tb\u200dc')).toBe('a\tb\\u200dc')
  })
})
