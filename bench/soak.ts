/**
 * Faults over time: 50 inspector connections stay subscribed to the demo server (ids and the
 * replay buffer on, 100 events/s) while every connection is dropped at random intervals of
 * 1 to 10 s. At the end each connection must hold every event exactly once, in order, its
 * reconnect count must match the drops, and memory must be flat.
 *
 *   npm run soak                      # 10 minutes
 *   SOAK_SECONDS=60 npm run soak      # a quick look
 */
import { DemoServer } from '../src/main/demo-server/demo-server'
import { SseClient } from '../src/main/sse/client'

const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 600)
const CONNECTIONS = Number(process.env['SOAK_CONNECTIONS'] ?? 50)
const RETRY_MS = 250

interface Tally {
  lastId: number | null
  events: number
  gaps: number
  duplicates: number
  reconnects: number
  errors: number
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1)
}

async function main(): Promise<void> {
  const server = new DemoServer({ port: 0, config: { intervalMs: 10, ids: true, retryMs: RETRY_MS, payload: 'counter' } })
  const status = await server.start()
  const url = status.url as string
  const tallies: Tally[] = []
  const clients: SseClient[] = []
  for (let i = 0; i < CONNECTIONS; i++) {
    const tally: Tally = { lastId: null, events: 0, gaps: 0, duplicates: 0, reconnects: 0, errors: 0 }
    tallies.push(tally)
    const client = new SseClient({ connectionId: `soak-${i}`, url }, (frame) => {
      // connecttime carries no id: only the numbered stream is checked.
      if (frame.kind === 'event' && frame.id !== undefined) {
        const id = Number(frame.id)
        if (tally.lastId !== null) {
          if (id <= tally.lastId) tally.duplicates++
          else if (id !== tally.lastId + 1) tally.gaps++
        }
        tally.lastId = Math.max(id, tally.lastId ?? id)
        tally.events++
      } else if (frame.kind === 'reconnect') tally.reconnects++
      else if (frame.kind === 'error' && frame.fatal) tally.errors++
    })
    clients.push(client)
    client.start()
  }

  const memory: Array<{ t: number; rss: number; heap: number }> = []
  let drops = 0
  const started = Date.now()
  const sample = setInterval(() => {
    global.gc?.()
    const m = process.memoryUsage()
    memory.push({ t: (Date.now() - started) / 1000, rss: m.rss, heap: m.heapUsed })
  }, 10_000)
  const progress = setInterval(() => {
    const elapsed = Math.round((Date.now() - started) / 1000)
    const events = tallies.reduce((n, t) => n + t.events, 0)
    process.stderr.write(`\r${elapsed}/${SECONDS} s  drops ${drops}  events ${events.toLocaleString()}   `)
  }, 1000)

  // Drops at random 1-10 s intervals, stopping 5 s before the end so the last reconnect lands.
  await new Promise<void>((resolve) => {
    const next = (): void => {
      const wait = 1000 + Math.random() * 9000
      if (Date.now() + wait > started + (SECONDS - 5) * 1000) {
        setTimeout(resolve, started + SECONDS * 1000 - Date.now())
        return
      }
      setTimeout(() => {
        server.inject({ type: 'drop' })
        drops++
        next()
      }, wait)
    }
    next()
  })
  clearInterval(progress)
  clearInterval(sample)
  process.stderr.write('\n')
  for (const client of clients) client.close('soak over')
  await server.stop()

  const reconnectMismatch = tallies.filter((t) => t.reconnects !== drops).length
  const gaps = tallies.reduce((n, t) => n + t.gaps, 0)
  const duplicates = tallies.reduce((n, t) => n + t.duplicates, 0)
  const fatal = tallies.reduce((n, t) => n + t.errors, 0)
  const events = tallies.map((t) => t.events)
  const half = memory.slice(Math.floor(memory.length / 2))
  const heapGrowth = half.length > 1 ? (half.at(-1)?.heap ?? 0) - (half[0]?.heap ?? 0) : 0

  console.log(`soak: ${CONNECTIONS} connections, 100 events/s each, ${SECONDS} s, drops every 1-10 s, retry ${RETRY_MS} ms`)
  console.log(`  drops                     ${drops}`)
  console.log(`  events per connection     min ${Math.min(...events).toLocaleString()}, max ${Math.max(...events).toLocaleString()}`)
  console.log(`  gaps / duplicates         ${gaps} / ${duplicates}`)
  console.log(`  reconnects != drops       ${reconnectMismatch} of ${CONNECTIONS} connections`)
  console.log(`  fatal errors              ${fatal}`)
  console.log(`  heap after GC, MB         ${memory.map((m) => mb(m.heap)).join(' ')}`)
  console.log(`  heap change, 2nd half     ${mb(heapGrowth)} MB; RSS at end ${mb(memory.at(-1)?.rss ?? 0)} MB`)
  const ok = gaps === 0 && duplicates === 0 && reconnectMismatch === 0 && fatal === 0 && heapGrowth < 16 * 2 ** 20
  console.log(ok ? 'PASS: every event exactly once and in order, reconnects match drops, memory flat' : 'FAIL')
  process.exit(ok ? 0 : 1)
}

await main()
