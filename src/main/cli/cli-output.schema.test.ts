import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020'
import { afterEach, describe, expect, it } from 'vitest'
import { FRAME_KINDS } from '../../shared/frames'
import { SSE_HEADERS, startLocalServer, type LocalServer } from '../testing/local-server'

/**
 * The published schemas (docs/*.schema.json) against what the real CLI writes: each command runs
 * in a process of its own (the CLI from source, through tsx), and every line it prints must
 * validate, with the schemas exactly as committed.
 */
const ROOT = join(import.meta.dirname, '../../..')
const FIXTURES = join(import.meta.dirname, 'fixtures')
/** A capture that raises most of the parser's diagnostics: a BOM, CRLF, bad fields, invalid UTF-8, an unfinished event. */
const DIAGNOSTICS_CAPTURE = join(FIXTURES, 'diagnostics.sse')

const ajv = new Ajv2020({ allErrors: true, strict: true })
const loadSchema = (name: string): ValidateFunction => ajv.compile(JSON.parse(readFileSync(join(ROOT, 'docs', name), 'utf8')) as object)
const validateFrame = loadSchema('frame.schema.json')
const validateSummary = loadSchema('summary.schema.json')

interface CliRun {
  code: number | null
  lines: string[]
  stderr: string
}

/** Runs `sse-inspector <args>` to completion (each run ends on its own: a file, or a stream that stops). */
function runCli(args: string[]): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/main/testing/cli-entry.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, lines: stdout.split('\n').filter((l) => l !== ''), stderr }))
  })
}

/** Each line parsed and checked against the schema; returns the documents, or fails naming the first bad line. */
function validLines(lines: readonly string[], validate: ValidateFunction): Record<string, unknown>[] {
  return lines.map((line) => {
    const doc = JSON.parse(line) as Record<string, unknown>
    expect(validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`), line).toEqual([])
    return doc
  })
}

let server: LocalServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

// Each CLI process compiles the CLI from source first: seconds apiece on a busy machine.
describe('CLI output against the published schemas', { timeout: 60_000 }, () => {
  it('parse --json: every frame of two captures validates', async () => {
    const codes = new Set<unknown>()
    for (const capture of [join(FIXTURES, 'capture.sse'), DIAGNOSTICS_CAPTURE]) {
      const run = await runCli(['parse', capture, '--json'])
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const frames = validLines(run.lines, validateFrame)
      expect(frames.length).toBeGreaterThan(5)
      for (const f of frames) if (f['kind'] === 'diagnostic') codes.add(f['code'])
    }
    expect([...codes].sort()).toEqual([
      'bom-stripped',
      'event-without-data',
      'id-contains-null',
      'invalid-retry',
      'invalid-utf8',
      'unfinished-event-discarded',
      'unknown-field'
    ])
  })

  it('parse --summary: the line validates against summary.schema.json', async () => {
    const run = await runCli(['parse', DIAGNOSTICS_CAPTURE, '--summary'])
    expect(run.code).toBe(0)
    const [summary, ...rest] = validLines(run.lines, validateSummary)
    expect(rest).toEqual([])
    expect(summary).toMatchObject({ events: 5, comments: 1, retry: 50, lastEventId: '2', types: { greet: 1, message: 4 } })
  })

  it('tail --summary: the line validates against summary.schema.json, bytes included', async () => {
    const body = readFileSync(join(ROOT, 'src/shared/llm/fixtures/openai-chat.sse'))
    server = await startLocalServer((req, res) => {
      // Read the request first, as the APIs do: a reply before the body is in races the upload (EPIPE).
      req.resume()
      req.once('end', () => {
        res.writeHead(200, SSE_HEADERS)
        res.end(body)
      })
    })
    const run = await runCli(['tail', `${server.url}/v1/chat/completions`, '-d', '{}', '--summary'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const [summary, ...rest] = validLines(run.lines, validateSummary)
    expect(rest).toEqual([])
    expect(summary).toMatchObject({ bytes: body.length, llm: { dialect: 'openai-chat', completed: true } })
  })

  it('tail --json: every frame of a varied live stream, a reconnection and a fatal error validates', async () => {
    const body = readFileSync(DIAGNOSTICS_CAPTURE)
    server = await startLocalServer((req, res, index) => {
      if (index === 0) {
        // A charset other than UTF-8, ignored (a diagnostic), then the stream in three writes.
        res.writeHead(200, { ...SSE_HEADERS, 'content-type': 'text/event-stream; charset=iso-8859-1' })
        res.write(body.subarray(0, 7))
        res.write(body.subarray(7, 60))
        res.end(body.subarray(60))
      } else {
        // The reconnection (after retry: 50) is refused: a fatal error ends tail.
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end('no more')
      }
    })
    const run = await runCli(['tail', `${server.url}/stream`, '--json', '--reconnect', 'spec'])
    expect(run.code).toBe(1)
    const frames = validLines(run.lines, validateFrame)
    expect(new Set(frames.map((f) => f['kind']))).toEqual(new Set(FRAME_KINDS))
    const codes = new Set(frames.filter((f) => f['kind'] === 'diagnostic').map((f) => f['code']))
    expect(codes).toContain('charset-ignored')
    expect(codes).toContain('invalid-utf8')
    expect(server.requests[1]?.headers['last-event-id']).toBe('2')
    expect(frames.at(-2)).toMatchObject({ kind: 'error', fatal: true, status: 500 })
  })
})
