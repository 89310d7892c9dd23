import { createReadStream } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { sep } from 'node:path'
import { contentTypeOf, resolveStaticFile } from '../http/static-file'

/** Serves a file from `root`, never from outside it. Resolves false when there is no such file. */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<boolean> {
  const file = await resolveStaticFile(root, urlPath)
  if (!file) return false
  res.writeHead(200, {
    'content-type': contentTypeOf(file),
    // Vite fingerprints assets; index.html must always be fresh.
    'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-store'
  })
  createReadStream(file).pipe(res)
  return true
}
