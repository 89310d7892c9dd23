import type { IncomingMessage } from 'node:http'

/**
 * Reads a request body as UTF-8, or resolves null once it passes `limit` bytes, so a caller
 * can answer 413 instead of buffering whatever it is sent. The rest is drained, not kept,
 * so the answer can still reach the client (the caller should also close the connection).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let parts: Buffer[] = []
    let size = 0
    const collect = (part: Buffer): void => {
      size += part.length
      if (size <= limit) {
        parts.push(part)
        return
      }
      parts = []
      req.off('data', collect)
      req.resume()
      resolve(null)
    }
    req.on('data', collect)
    req.once('end', () => resolve(Buffer.concat(parts).toString('utf8')))
    req.once('error', reject)
  })
}
