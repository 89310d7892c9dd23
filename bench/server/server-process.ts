/**
 * Runs one server under test in a process of its own, so its CPU time and memory are its own.
 * Protocol (IPC): sends {type:'listening', port}; on 'measure' starts measuring; on 'report'
 * answers {type:'report', cpuPercent, rssPeakMb, rssEndMb}; on 'exit' stops and exits.
 */
import type { AddressInfo } from 'node:net'
import { DemoServer } from '../../src/main/demo-server/demo-server'
import { startClassicDemoServer } from './classic-demo-server'

const [target = 'demo', intervalArg = '50'] = process.argv.slice(2)
const intervalMs = Number(intervalArg)

let stop: () => Promise<unknown>
let port: number
if (target === 'classic') {
  const server = await startClassicDemoServer(intervalMs)
  port = (server.address() as AddressInfo).port
  stop = () => {
    server.closeAllConnections()
    return new Promise((r) => server.close(r))
  }
} else {
  const server = new DemoServer({ port: 0, config: { intervalMs, payload: 'json', ids: true } })
  port = (await server.start()).port ?? 0
  stop = () => server.stop()
}

let cpuStart = process.cpuUsage()
let wallStart = performance.now()
let rssPeak = 0
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss())
}, 100)

async function handle(msg: { type: string }): Promise<void> {
  if (msg.type === 'measure') {
    cpuStart = process.cpuUsage()
    wallStart = performance.now()
    rssPeak = process.memoryUsage.rss()
  } else if (msg.type === 'report') {
    const cpu = process.cpuUsage(cpuStart)
    const wallMs = performance.now() - wallStart
    const rss = process.memoryUsage.rss()
    process.send?.({
      type: 'report',
      cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
      rssPeakMb: Math.max(rssPeak, rss) / 1024 / 1024,
      rssEndMb: rss / 1024 / 1024
    })
  } else if (msg.type === 'exit') {
    clearInterval(sampler)
    await stop()
    process.exit(0)
  }
}
process.on('message', (msg: { type: string }) => void handle(msg))

process.send?.({ type: 'listening', port })
