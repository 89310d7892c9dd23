/**
 * Opens many SSE connections and measures what arrives. Runs in its own process so the server
 * under test is measured alone. Events carry `id:` and a JSON payload with `t` (ms since the
 * epoch, when the server produced them); latency is arrival time minus `t`.
 * Protocol (IPC): sends {type:'ready', connected, failed}; on {type:'go', startAt, durationMs,
 * graceMs, intervalMs} measures events produced in [startAt, startAt + durationMs] and sends
 * {type:'result', ...}.
 *
 * Raw sockets reading into one shared buffer, parsed as bytes: with thousands of connections a
 * node:http client's own per-event cost would otherwise be a large part of what is measured.
 * Chunked framing needs no decoding: each chunk holds whole events and a chunk-size line
 * never contains a blank line, so events are found by their `\n\n` terminator.
 */
import net from 'node:net'

const [portArg, connectionsArg] = process.argv.slice(2)
const port = Number(portArg)
const connections = Number(connectionsArg)
const BATCH = 100
const MAX_LATENCY_MS = 60_000

const SEP = Buffer.from('\n\n')
const HEADER_END = Buffer.from('\r\n\r\n')
const ID = Buffer.from('id: ')
const T = Buffer.from('"t":')
const readBuffer = Buffer.alloc(256 * 1024)

interface Conn {
  headersDone: boolean
  leftover: Buffer | null
  lastId: number
  /** Ids that never arrived, counted as gaps between consecutive ids. */
  missing: number
  duplicates: number
  lastArrival: number
  inWindow: number
  closed: boolean
}

const conns: Conn[] = []
const latencyHistogram = new Uint32Array(MAX_LATENCY_MS + 1)
let windowStart = Infinity
let windowEnd = -Infinity
let inWindowTotal = 0
let maxLatency = 0
let failed = 0

function digits(buf: Buffer, at: number): number {
  let n = 0
  for (let i = at; i < buf.length; i++) {
    const d = (buf[i] ?? 0) - 48
    if (d < 0 || d > 9) break
    n = n * 10 + d
  }
  return n
}

function onEvent(c: Conn, buf: Buffer, from: number, end: number, arrival: number): void {
  const idAt = buf.indexOf(ID, from)
  if (idAt === -1 || idAt > end) return // connecttime and comments
  const id = digits(buf, idAt + ID.length)
  if (id <= c.lastId) c.duplicates++
  else if (c.lastId > 0) c.missing += id - c.lastId - 1
  c.lastId = Math.max(c.lastId, id)
  c.lastArrival = arrival
  const tAt = buf.indexOf(T, idAt)
  if (tAt === -1 || tAt > end) return
  const t = digits(buf, tAt + T.length)
  if (t < windowStart || t > windowEnd) return
  c.inWindow++
  inWindowTotal++
  const latency = Math.max(0, arrival - t)
  maxLatency = Math.max(maxLatency, latency)
  latencyHistogram[Math.min(MAX_LATENCY_MS, latency)]!++
}

function consume(c: Conn, data: Buffer, arrival: number): void {
  let pos = 0
  let end: number
  while ((end = data.indexOf(SEP, pos)) !== -1) {
    onEvent(c, data, pos, end, arrival)
    pos = end + SEP.length
  }
  // the read buffer is reused, so a partial event has to be copied out
  c.leftover = pos < data.length ? Buffer.from(data.subarray(pos)) : null
}

function open(): Promise<void> {
  return new Promise((resolve) => {
    const c: Conn = { headersDone: false, leftover: null, lastId: 0, missing: 0, duplicates: 0, lastArrival: 0, inWindow: 0, closed: false }
    const socket = net.connect({
      host: '127.0.0.1',
      port,
      noDelay: true,
      onread: {
        buffer: readBuffer,
        callback(nread: number, buf: Uint8Array): boolean {
          const arrival = Date.now()
          const read = Buffer.from(buf.buffer, buf.byteOffset, nread)
          let data = c.leftover ? Buffer.concat([c.leftover, read]) : read
          if (!c.headersDone) {
            const end = data.indexOf(HEADER_END)
            if (end === -1) {
              c.leftover = Buffer.from(data)
              return true
            }
            c.headersDone = true
            if (!data.subarray(0, 12).toString('latin1').startsWith('HTTP/1.1 200')) {
              failed++
              socket.destroy()
              resolve()
              return false
            }
            conns.push(c)
            resolve()
            data = data.subarray(end + HEADER_END.length)
          }
          consume(c, data, arrival)
          return true
        }
      }
    })
    socket.on('connect', () => {
      socket.write(`GET /stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`)
    })
    socket.on('close', () => {
      c.closed = true
      if (!c.headersDone) {
        failed++
        resolve()
      }
    })
    socket.on('error', () => {})
  })
}

function percentile(p: number): number {
  const target = Math.ceil(inWindowTotal * p)
  let seen = 0
  for (let ms = 0; ms < latencyHistogram.length; ms++) {
    seen += latencyHistogram[ms] ?? 0
    if (seen >= target) return ms
  }
  return MAX_LATENCY_MS
}

for (let i = 0; i < connections; i += BATCH) {
  await Promise.all(Array.from({ length: Math.min(BATCH, connections - i) }, open))
}
process.send?.({ type: 'ready', connected: conns.length, failed })

interface Go {
  type: string
  startAt: number
  durationMs: number
  graceMs: number
  intervalMs: number
}

process.on('message', (msg: Go) => {
  if (msg.type !== 'go') return
  windowStart = msg.startAt
  windowEnd = msg.startAt + msg.durationMs
  const cpuStart = process.cpuUsage()
  setTimeout(() => {
    const cpu = process.cpuUsage(cpuStart)
    const now = Date.now()
    // a connection that went quiet lost everything it should have had since
    const quiet = conns.filter((c) => c.closed || now - c.lastArrival > msg.intervalMs * 10)
    const tailLoss = quiet.reduce((n, c) => n + Math.floor((now - c.lastArrival) / msg.intervalMs), 0)
    process.send?.({
      type: 'result',
      connections: conns.length,
      failed,
      closed: conns.filter((c) => c.closed).length,
      quiet: quiet.length,
      events: inWindowTotal,
      eventsPerSecond: inWindowTotal / (msg.durationMs / 1000),
      minPerConnection: Math.min(...conns.map((c) => c.inWindow)),
      maxPerConnection: Math.max(...conns.map((c) => c.inWindow)),
      lost: conns.reduce((n, c) => n + c.missing, 0) + tailLoss,
      duplicates: conns.reduce((n, c) => n + c.duplicates, 0),
      p50: percentile(0.5),
      p99: percentile(0.99),
      p999: percentile(0.999),
      max: maxLatency,
      clientCpuPercent: ((cpu.user + cpu.system) / 1000 / (msg.durationMs + msg.graceMs)) * 100
    })
    process.exit(0)
  }, msg.durationMs + msg.graceMs)
})
