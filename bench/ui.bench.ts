/**
 * The UI under load, in browser mode, in Chromium driven by Playwright:
 *   1. the embedded demo server at a 1 ms interval (about 1,000 events/s), following live;
 *   2. a burst source sending 10,000 events/s for 30 s, past the 100,000-frame buffer.
 * Reports main-thread long tasks, frame intervals while following live, JS heap over time,
 * and whether the UI counted every event that was sent.
 *
 *   npx tsx bench/ui.bench.ts                 # full run (~1.5 min)
 *   BENCH_UI_SECONDS=10 npx tsx bench/ui.bench.ts
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'

const ROOT = join(import.meta.dirname, '..')
const SECONDS = Number(process.env['BENCH_UI_SECONDS'] ?? 30)
const BURST_RATE = 10_000
const TICK_MS = 10

interface Sample {
  longTasks: number[]
  frameIntervals: number[]
  heap: Array<[number, number]>
}

/** Installed before the app loads: records long tasks and animation-frame intervals. */
const PROBE = `
  window.__bench = { longTasks: [], frames: [], recording: false };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (window.__bench.recording) window.__bench.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });
  let last = 0;
  const loop = (t) => {
    if (window.__bench.recording && last) window.__bench.frames.push(t - last);
    last = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
`

/** A source that writes `BURST_RATE` events a second, in 10 ms slices, then ends. */
async function startBurstSource(seconds: number): Promise<{ url: string; sent: () => number; close: () => void }> {
  let sent = 0
  const streams = new Set<ServerResponse>()
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    res.write('retry: 60000\n\n')
    streams.add(res)
    const started = Date.now()
    const timer = setInterval(() => {
      const due = Math.min(seconds * BURST_RATE, Math.floor(((Date.now() - started) / 1000) * BURST_RATE))
      let chunk = ''
      while (sent < due) {
        sent++
        chunk += `event: burst\nid: ${sent}\ndata: {"n":${sent},"t":${Date.now()},"pad":"${'x'.repeat(40)}"}\n\n`
      }
      if (chunk) res.write(chunk)
      if (sent >= seconds * BURST_RATE) {
        clearInterval(timer)
        res.end()
      }
    }, TICK_MS)
    res.on('close', () => clearInterval(timer))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/burst`,
    sent: () => sent,
    close: () => {
      for (const s of streams) s.destroy()
      server.close()
    }
  }
}

async function startWeb(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/sse-inspector.js'), 'web', '--port', '0', '--server-port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out)
      if (m?.[1]) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`web exited with ${code}`)))
  })
  return { url, stop: () => child.kill('SIGTERM') }
}

async function record(page: Page, seconds: number, onSecond?: (second: number) => Promise<void>): Promise<Sample> {
  const client = await page.context().newCDPSession(page)
  await client.send('Performance.enable')
  await page.evaluate(() => {
    const b = (globalThis as unknown as { __bench: { recording: boolean; longTasks: number[]; frames: number[] } }).__bench
    b.longTasks = []
    b.frames = []
    b.recording = true
  })
  const heap: Array<[number, number]> = []
  for (let s = 1; s <= seconds; s++) {
    await new Promise((r) => setTimeout(r, 1000))
    const { metrics } = await client.send('Performance.getMetrics')
    heap.push([s, (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20])
    await onSecond?.(s)
  }
  const result = await page.evaluate(() => {
    const b = (globalThis as unknown as { __bench: { recording: boolean; longTasks: number[]; frames: number[] } }).__bench
    b.recording = false
    return { longTasks: b.longTasks, frameIntervals: b.frames }
  })
  return { ...result, heap }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

function chipCount(page: Page, type: string): Promise<number> {
  return page
    .locator(`.chip[data-type="${type}"] .count`)
    .innerText()
    .then((t) => Number(t.replace(/[^\d]/g, '')))
    .catch(() => 0)
}

function report(name: string, sample: Sample, extra: Record<string, string | number>): Record<string, string | number> {
  const heapTail = sample.heap.slice(Math.floor(sample.heap.length / 2))
  const heapGrowth = heapTail.length > 1 ? (heapTail.at(-1)?.[1] ?? 0) - (heapTail[0]?.[1] ?? 0) : 0
  return {
    scenario: name,
    'long tasks > 50 ms': sample.longTasks.length,
    'longest task (ms)': Math.round(Math.max(0, ...sample.longTasks)),
    'frame interval p50 (ms)': Number(percentile(sample.frameIntervals, 50).toFixed(1)),
    'frame interval p95 (ms)': Number(percentile(sample.frameIntervals, 95).toFixed(1)),
    'heap at end (MB)': Number((sample.heap.at(-1)?.[1] ?? 0).toFixed(1)),
    'heap change, 2nd half (MB)': Number(heapGrowth.toFixed(1)),
    ...extra
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'out/renderer/index.html'))) throw new Error('Build first: npm run build')
  const executablePath = process.env['SSE_INSPECTOR_CHROMIUM'] ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-precise-memory-info'
    ]
  })
  const rows: Array<Record<string, string | number>> = []
  const heapSeries: Record<string, Array<[number, number]>> = {}

  // 1. Embedded server at 1 ms.
  {
    const web = await startWeb()
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.addInitScript(PROBE)
    await page.goto(web.url)
    await page.getByTestId('connection-state').waitFor()
    await page.evaluate(() =>
      fetch('/api/call/server:configure', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ intervalMs: 1 })
      })
    )
    const sample = await record(page, Math.min(SECONDS, 20))
    const rate = await page.getByTestId('server-rate').innerText()
    rows.push(report('embedded server, 1 ms interval', sample, { 'server events/s': rate }))
    heapSeries['embedded 1 ms'] = sample.heap
    await page.close()
    web.stop()
  }

  // 2. Burst source, 10,000 events/s.
  {
    const source = await startBurstSource(SECONDS)
    const web = await startWeb()
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.addInitScript(PROBE)
    await page.goto(web.url)
    await page.getByTestId('connection-state').waitFor()
    await page.getByTestId('server-panel').getByRole('button', { name: 'Stop server' }).click()
    await page.getByLabel('Stream URL').fill(source.url)
    await page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click()
    const sample = await record(page, SECONDS + 3)
    // Wait for the tail of the stream to be counted, then compare with what was sent.
    const sent = source.sent()
    const deadline = Date.now() + 20_000
    let counted = await chipCount(page, 'burst')
    while (counted < sent && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250))
      counted = await chipCount(page, 'burst')
    }
    const dropped = await page
      .locator('.statusbar .warn')
      .innerText()
      .catch(() => 'none')
    rows.push(
      report(`burst ${BURST_RATE.toLocaleString()} events/s for ${SECONDS} s`, sample, {
        'events sent': sent,
        'events counted by the UI': counted,
        buffer: dropped.replace(/\s+/g, ' ')
      })
    )
    heapSeries['burst 10k/s'] = sample.heap
    await page.close()
    web.stop()
    source.close()
  }

  await browser.close()
  console.log('\nUI benchmark (browser mode, Chromium, this machine)\n')
  for (const row of rows) {
    console.log(row['scenario'])
    for (const [k, v] of Object.entries(row)) if (k !== 'scenario') console.log(`  ${k.padEnd(30)} ${v}`)
  }
  console.log('\nJS heap (MB) per second:')
  for (const [name, series] of Object.entries(heapSeries))
    console.log(`  ${name.padEnd(14)} ${series.map(([, mb]) => mb.toFixed(0)).join(' ')}`)
}

await main()
