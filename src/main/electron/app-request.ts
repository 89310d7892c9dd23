import { readFile } from 'node:fs/promises'
import { contentTypeOf, resolveFileInRoot } from '../http/file-in-root'
import { RENDERER_HOST } from './renderer-location'

/**
 * Answers one `app:` request with a file of the built renderer, or 404 for anything else: a
 * host other than `renderer`, a path outside `rendererDir` (`..`, encoded or not), a
 * directory, a file that is not there. Plain (a Fetch `Request` in, a `Response` out) so it
 * can be tested without Electron; `app-protocol.ts` registers it with `protocol.handle`.
 */
export async function answerAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return notFound()
  }
  const file = url.host === RENDERER_HOST ? await resolveFileInRoot(rendererDir, url.pathname) : null
  if (!file) return notFound()
  return new Response(await readFile(file), { headers: { 'content-type': contentTypeOf(file) } })
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } })
}
