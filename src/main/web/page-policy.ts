import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/

/**
 * The header policy for browser mode is the built page's own meta policy (which trusts the
 * bootstrap script by hash) plus what only a header can say. Reading it from the page means
 * the two can never disagree; a policy in both places is enforced as the stricter of the two.
 */
export function pagePolicy(rendererDir: string): string {
  const file = join(rendererDir, 'index.html')
  const policy = CSP_META.exec(readFileSync(file, 'utf8'))?.[1]
  if (!policy) throw new Error(`The built UI at ${file} has no Content-Security-Policy. Rebuild it with \`npm run build\`.`)
  return `${policy.trim().replace(/;\s*$/, '')}; frame-ancestors 'none'`
}
