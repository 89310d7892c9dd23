#!/usr/bin/env node
// Runs Electronegativity over src/ and fails on any HIGH or CRITICAL finding, on any
// global-check finding, and on any MEDIUM that is not justified by a
// "Security review (CHECK_ID):" comment just above the line it points at.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const electronVersion = require('electron/package.json').version
// The package's own entry point. Its CLI writes the CSV report with two racing writes,
// which now and then garbles the first row; the library hands the findings back directly.
const electronegativity = require('@doyensec/electronegativity')

const { issues, errors } = await electronegativity({
  input: join(root, 'src'),
  isRelative: true,
  // Given because it cannot be looked up offline; the one check that downloads Electron's
  // release list is left out for the same reason.
  electronVersionOverride: electronVersion,
  excludeFromScan: ['availablesecurityfixesglobalcheck'],
  customScan: [],
  parserPlugins: []
})

const problems = errors.map((e) => `could not scan ${e.file}: ${e.message ?? e.error ?? 'parse error'}`)
for (const issue of issues) {
  const severity = issue.severity.name
  const line = issue.location?.line ?? 0
  const where = `${issue.id} at src/${issue.file}:${line} (${severity}, ${issue.confidence.name})`
  if (severity === 'HIGH' || severity === 'CRITICAL') problems.push(`${where}: severity ${severity} is not allowed`)
  else if (issue.id.endsWith('_GLOBAL_CHECK'))
    problems.push(`${where}: global-check findings are not allowed${issue.sample ? ` (${issue.sample})` : ''}`)
  else if (severity === 'MEDIUM') {
    const source = readFileSync(join(root, 'src', issue.file), 'utf8').split('\n')
    const above = source.slice(Math.max(0, line - 5), line).join('\n')
    if (!above.includes(`Security review (${issue.id})`))
      problems.push(`${where}: fix it, or justify it with a "Security review (${issue.id}):" comment above that line`)
    else console.log(`justified  ${where}`)
  } else console.log(`noted      ${where}`)
}

console.log(`Electronegativity (Electron ${electronVersion}): ${issues.length} finding(s), ${problems.length} problem(s).`)
for (const p of problems) console.error(`PROBLEM    ${p}`)
process.exit(problems.length ? 1 : 0)
