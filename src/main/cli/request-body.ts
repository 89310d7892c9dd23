import { readFile } from 'node:fs/promises'

/** One -d/--data or --data-raw value, in command-line order. */
export interface DataArgument {
  /** --data-raw: the value as is, with no @file meaning. */
  raw: boolean
  value: string
}

export class BodyError extends Error {}

export interface BodySources {
  readFile: (path: string) => Promise<Buffer>
  readStdin: () => Promise<Buffer>
}

const defaultSources = (readStdin: () => Promise<Buffer>): BodySources => ({ readFile: (path) => readFile(path), readStdin })

/**
 * The request body the data arguments make, as curl makes it (curl(1), -d/--data and --data-raw):
 * the values joined with `&`; a -d value starting with `@` names a file to read instead (`@-`:
 * standard input), whose carriage returns, newlines and NUL bytes are stripped as curl strips
 * them. Undefined when there are none. Throws BodyError, saying which file and why, when a file
 * cannot be read.
 */
export async function requestBody(
  args: readonly DataArgument[],
  readStdin: () => Promise<Buffer>,
  sources: BodySources = defaultSources(readStdin)
): Promise<string | undefined> {
  if (args.length === 0) return undefined
  const parts: string[] = []
  for (const { raw, value } of args) {
    if (raw || !value.startsWith('@')) {
      parts.push(value)
      continue
    }
    const path = value.slice(1)
    let bytes: Buffer
    try {
      bytes = path === '-' ? await sources.readStdin() : await sources.readFile(path)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message
      throw new BodyError(
        `Cannot read the request body from ${path === '-' ? 'standard input' : `"${path}"`} (-d ${value}): ${why}. Check the path, or use --data-raw to send a value that starts with @ as it is.`
      )
    }
    // eslint-disable-next-line no-control-regex -- stripping CR, LF and NUL is curl's rule for -d @file
    parts.push(bytes.toString('utf8').replace(/[\r\n\u0000]/g, ''))
  }
  return parts.join('&')
}
