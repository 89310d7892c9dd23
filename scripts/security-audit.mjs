#!/usr/bin/env node
// Runs Electronegativity over src/ and fails on any HIGH or CRITICAL finding, on any
// global-check finding, and on any MEDIUM that is not justified by a
// "Security review (CHECK_ID):" comment just above the line it points at.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const electronVersion = require('electron/package.json').version
const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist/index.js')
const outDir = mkdtempSync(join(tmpdir(), 'electronegativity-'))
const csv = join(outDir, 'findings.csv')

// The version is given with -e because it cannot be looked up offline; the one check that
// downloads Electron's release list is left out for the same reason.
const run = spawnSync(
  process.execPath,
  [cli, '-i', join(root, 'src'), '-e', electronVersion, '-r', '-v', 'false', '-x', 'AvailableSecurityFixesGlobalCheck', '-o', csv],
  { cwd: root, encoding: 'utf8' }
)
let text
try {
  text = readFileSync(csv, 'utf8')
} catch {
  console.error(`Electronegativity produced no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`)
  process.exit(1)
} finally {
  rmSync(outDir, { recursive: true, force: true })
}

/** Splits one CSV line, honouring double quotes. */
function fields(line) {
  const out = []
  let current = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"'
        i++
      } else quoted = !quoted
    } else if (c === ',' && !quoted) {
      out.push(current)
      current = ''
    } else current += c
  }
  out.push(current)
  return out
}

const findings = text
  .trim()
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((line) => {
    const [check, severity, confidence, file, location] = fields(line)
    return { check, severity, confidence, file, line: Number(location.split(':')[0]) }
  })

const problems = []
for (const f of findings) {
  const where = `${f.check} at src/${f.file}:${f.line} (${f.severity}, ${f.confidence})`
  if (f.severity === 'HIGH' || f.severity === 'CRITICAL') problems.push(`${where}: severity ${f.severity} is not allowed`)
  else if (f.check.endsWith('_GLOBAL_CHECK')) problems.push(`${where}: global-check findings are not allowed`)
  else if (f.severity === 'MEDIUM') {
    const source = readFileSync(join(root, 'src', f.file), 'utf8').split('\n')
    const above = source.slice(Math.max(0, f.line - 5), f.line).join('\n')
    if (!above.includes(`Security review (${f.check})`)) problems.push(`${where}: fix it, or justify it with a "Security review (${f.check}):" comment above that line`)
    else console.log(`justified  ${where}`)
  } else console.log(`noted      ${where}`)
}

console.log(`Electronegativity (Electron ${electronVersion}): ${findings.length} finding(s), ${problems.length} problem(s).`)
for (const p of problems) console.error(`PROBLEM    ${p}`)
process.exit(problems.length ? 1 : 0)
