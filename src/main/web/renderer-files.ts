import { createReadStream } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { sep } from 'node:path'
import { contentTypeOf, resolveFileInRoot } from '../http/file-in-root'

/**
 * Browser mode's answer to a GET for the UI: streams the built renderer's file (under `root`,
 * out/renderer) that the URL path names, with its content type and cache policy. Resolves false,
 * having written nothing, when there is no such file under `root`.
 */
export async function serveRendererFile(root: string, urlPath: string, res: ServerResponse): Promise<boolean> {
  const file = await resolveFileInRoot(root, urlPath)
  if (!file) return false
  res.writeHead(200, {
    'content-type': contentTypeOf(file),
    // Vite fingerprints assets; index.html must always be fresh.
    'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-store'
  })
  createReadStream(file).pipe(res)
  return true
}
