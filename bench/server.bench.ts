/**
 * Fan-out benchmark of the embedded demo server against the classic demo's design.
 *
 *   npx tsx bench/server.bench.ts
 *   BENCH_SERVER_CONNECTIONS=500 BENCH_SERVER_DURATION_S=5 npx tsx bench/server.bench.ts
 *
 * Each server runs in a process of its own and a separate load-client process holds the
 * connections, all on loopback. Both processes need one file descriptor per connection, and
 * nothing here raises the limit: it reads `ulimit -n` and lowers the connection count to fit.
 * Requirement checked (exit code 1 otherwise): demo server p99 < 100 ms, no lost events.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import { fileURLToPath } from 'node:url'

const CONNECTIONS = Number(process.env.BENCH_SERVER_CONNECTIONS ?? 2000)
const DURATION_S = Number(process.env.BENCH_SERVER_DURATION_S ?? 20)
const RATE = Number(process.env.BENCH_SERVER_RATE ?? 20)
const SETTLE_MS = 2000
const GRACE_MS = 1000
const P99_LIMIT_MS = 100

interface ServerReport {
  cpuPercent: number
  rssPeakMb: number
  rssEndMb: number
}
interface LoadResult {
  connections: number
  failed: number
  closed: number
  quiet: number
  events: number
  eventsPerSecond: number
  minPerConnection: number
  maxPerConnection: number
  lost: number
  duplicates: number
  p50: number
  p99: number
  p999: number
  max: number
  clientCpuPercent: number
}

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url))
// tsx runs us with its loader in execArgv; children inherit it, or get it when we were started some other way
const execArgv = process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx']

/** Other work on the machine shows up as latency here: print it next to the numbers. */
function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
}

function fdLimit(): number {
  const out = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim()
  return out === 'unlimited' ? Infinity : Number(out) || 1024
}

function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type: string }): void => {
      if (msg.type !== type) return
      child.off('message', onMessage)
      resolve(msg as T)
    }
    child.on('message', onMessage)
    child.once('exit', (code) => reject(new Error(`${type}: child exited with ${code} first`)))
  })
}

async function run(target: 'demo' | 'classic', connections: number): Promise<{ server: ServerReport; load: LoadResult }> {
  const intervalMs = Math.round(1000 / RATE)
  const serverProcess = fork(here('./server/server-process.ts'), [target, String(intervalMs)], { execArgv })
  const { port } = await next<{ port: number }>(serverProcess, 'listening')
  const client = fork(here('./server/load-client.ts'), [String(port), String(connections)], { execArgv })
  const ready = await next<{ connected: number; failed: number }>(client, 'ready')
  if (ready.failed > 0) console.warn(`  ${target}: ${ready.failed} connections failed to open`)
  await new Promise((r) => setTimeout(r, SETTLE_MS))
  serverProcess.send({ type: 'measure' })
  const result = next<LoadResult>(client, 'result')
  client.send({ type: 'go', startAt: Date.now(), durationMs: DURATION_S * 1000, graceMs: GRACE_MS, intervalMs })
  const load = await result
  serverProcess.send({ type: 'report' })
  const server = await next<ServerReport>(serverProcess, 'report')
  serverProcess.send({ type: 'exit' })
  await new Promise((r) => serverProcess.once('exit', r))
  return { server, load }
}

function line(name: string, r: { server: ServerReport; load: LoadResult }): string {
  const l = r.load
  return [
    name.padEnd(26),
    `${l.connections} conns`,
    `${Math.round(l.eventsPerSecond)} ev/s`,
    `p50 ${l.p50} ms`,
    `p99 ${l.p99} ms`,
    `p99.9 ${l.p999} ms`,
    `max ${l.max} ms`,
    `lost ${l.lost}`,
    `dup ${l.duplicates}`,
    `server CPU ${r.server.cpuPercent.toFixed(1)}%`,
    `RSS peak ${r.server.rssPeakMb.toFixed(0)} MB`,
    `(client CPU ${l.clientCpuPercent.toFixed(0)}%)`
  ].join('  ')
}

const limit = fdLimit()
const connections = Math.min(CONNECTIONS, limit - 200)
console.log(
  `server fan-out: ${connections} connections x ${RATE} events/s for ${DURATION_S} s on loopback; ` +
    `${os.cpus().length} CPUs, ulimit -n ${limit}, node ${process.version}, load average ${loadAverage()}`
)
if (connections < CONNECTIONS) console.log(`  (lowered from ${CONNECTIONS} to fit ulimit -n; raise it in your shell to run all)`)

const demo = await run('demo', connections)
console.log(line('demo server (shared timer)', demo))
const classic = await run('classic', connections)
console.log(line('classic (timer per conn)', classic))

const ratio = (a: number, b: number): string => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`)
console.log(
  `demo / classic: server CPU ${ratio(demo.server.cpuPercent, classic.server.cpuPercent)}, ` +
    `RSS ${ratio(demo.server.rssPeakMb, classic.server.rssPeakMb)}, ` +
    `p99 ${ratio(demo.load.p99, classic.load.p99)}, events/s ${ratio(demo.load.eventsPerSecond, classic.load.eventsPerSecond)}`
)
console.log(`load average after: ${loadAverage()}`)
console.log(`BENCH_RESULT ${JSON.stringify({ connections, rate: RATE, durationS: DURATION_S, demo, classic })}`)

const ok = demo.load.p99 < P99_LIMIT_MS && demo.load.lost === 0 && demo.load.failed === 0 && demo.load.closed === 0
console.log(ok ? `PASS: p99 < ${P99_LIMIT_MS} ms, no lost events` : `FAIL: needs p99 < ${P99_LIMIT_MS} ms and no lost events`)
process.exitCode = ok ? 0 : 1
