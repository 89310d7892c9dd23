import { stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8'
}

/** Module scripts are refused unless served with a JavaScript type, so this is never guessed. */
export function contentTypeOf(file: string): string {
  return TYPES[extname(file)] ?? 'application/octet-stream'
}

/**
 * The file under `root` that a URL path names (`/` is index.html), or null when there is
 * none or the path would step outside `root` (`..`, encoded or not).
 */
export async function resolveFileInRoot(root: string, urlPath: string): Promise<string | null> {
  let relative: string
  try {
    relative = decodeURIComponent(urlPath === '/' || urlPath === '' ? '/index.html' : urlPath)
  } catch {
    return null
  }
  const file = normalize(join(root, relative))
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return null
  try {
    return (await stat(file)).isFile() ? file : null
  } catch {
    return null
  }
}
