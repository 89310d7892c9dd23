import http from 'node:http'

/**
 * The classic Node SSE demo's design, for comparison: every connection has its own
 * setInterval and serializes its own copy of every event. The payload and ids match what the
 * demo server sends in the benchmark, so the load client measures both the same way.
 */
export function startClassicDemoServer(intervalMs: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/stream') {
      res.writeHead(404)
      res.end()
      return
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'Access-Control-Allow-Origin': '*'
    })
    res.write('retry: 10000\n')
    res.write('event: connecttime\n')
    res.write(`data: ${new Date().toString()}\n\n`)
    let seq = 0
    const send = (): void => {
      seq++
      const now = Date.now()
      res.write(`id: ${seq}\ndata: ${JSON.stringify({ seq, time: new Date(now).toISOString(), t: now })}\n\n`)
    }
    send()
    const timer = setInterval(send, intervalMs)
    req.on('close', () => clearInterval(timer))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}
