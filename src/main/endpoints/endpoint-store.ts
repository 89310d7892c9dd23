import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { connectRequestSchema, type SavedEndpoint, type SavedEndpoints, type ValidConnectRequest } from '../../shared/contract'
import { withoutSecrets } from '../../shared/secret-parts'
import { isSecretHeader } from '../../shared/secrets'
import type { SecretBox } from './secret-box'

const MAX_ENDPOINTS = 200

/** On disk: secret header values only ever sealed by the secret box, or absent. */
const storedHeader = z.object({ name: z.string(), value: z.string().optional(), sealed: z.string().optional() })
/** The URL, body and proxy as typed, when they held secrets: sealed, never in clear. */
const typedParts = z.object({ url: z.string(), body: z.string().optional(), proxy: z.string().optional() })
const storedFile = z.object({
  version: z.literal(1),
  endpoints: z.array(
    z.object({
      name: z.string(),
      /** With the secret parts of its URL, body and proxy emptied (see withoutSecrets). */
      request: connectRequestSchema.omit({ headers: true }).extend({ headers: z.array(storedHeader).default([]) }),
      /** typedParts as JSON, sealed by the secret box; absent without a keychain. */
      sealedParts: z.string().optional(),
      /** What was emptied in the URL, body and proxy (names, never values), to ask for again. */
      omittedParts: z.array(z.string()).optional()
    })
  )
})
type StoredFile = z.infer<typeof storedFile>

/**
 * Saved endpoints, in one JSON file under the data directory. Every part the shared secret rule
 * flags (credential headers, the URL's user name and password, secret query, fragment and body
 * fields, the proxy's credentials) is sealed with the OS keychain when there is one and otherwise
 * left out, never written in clear.
 */
export class EndpointStore {
  private cache: StoredFile | null = null
  /** Saves and removes run one at a time: each reads what the previous one wrote. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly file: string,
    private readonly secrets: SecretBox
  ) {}

  async list(): Promise<SavedEndpoints> {
    const stored = await this.load()
    return {
      endpoints: stored.endpoints.map((e) => this.reveal(e)),
      secretStorage: this.secrets.available ? 'os-keychain' : 'not-saved'
    }
  }

  save(name: string, request: ValidConnectRequest): Promise<SavedEndpoints> {
    return this.serially(() => this.saveNow(name, request))
  }

  remove(name: string): Promise<SavedEndpoints> {
    return this.serially(() => this.removeNow(name))
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation)
    this.queue = result.catch(() => undefined)
    return result
  }

  private async saveNow(name: string, request: ValidConnectRequest): Promise<SavedEndpoints> {
    const stored = await this.load()
    const { request: stripped, omitted } = withoutSecrets(request)
    const headerNames = new Set(request.headers.map((h) => h.name))
    const omittedParts = omitted.filter((part) => !headerNames.has(part))
    const typed = { url: request.url, body: request.body, proxy: request.proxy }
    const entry = {
      name,
      ...(omittedParts.length > 0
        ? {
            omittedParts,
            ...(this.secrets.available ? { sealedParts: this.secrets.encrypt(JSON.stringify(typed)) } : {})
          }
        : {}),
      request: {
        ...stripped,
        headers: request.headers.map(({ name: header, value }) =>
          !isSecretHeader(header)
            ? { name: header, value }
            : this.secrets.available
              ? { name: header, sealed: this.secrets.encrypt(value) }
              : { name: header }
        )
      }
    }
    const rest = stored.endpoints.filter((e) => e.name !== name)
    if (rest.length >= MAX_ENDPOINTS) throw new Error(`At most ${MAX_ENDPOINTS} endpoints can be saved; remove some first.`)
    await this.write({ version: 1, endpoints: [...rest, entry].sort((a, b) => a.name.localeCompare(b.name)) })
    return this.list()
  }

  private async removeNow(name: string): Promise<SavedEndpoints> {
    const stored = await this.load()
    await this.write({ version: 1, endpoints: stored.endpoints.filter((e) => e.name !== name) })
    return this.list()
  }

  private reveal(entry: StoredFile['endpoints'][number]): SavedEndpoint {
    const omittedSecrets: string[] = []
    const headers = entry.request.headers.map(({ name, value, sealed }) => {
      if (sealed !== undefined && this.secrets.available) {
        try {
          return { name, value: this.secrets.decrypt(sealed) }
        } catch {
          // Sealed by another user or machine: ask again rather than fail the whole list.
        }
      }
      if (value !== undefined) return { name, value }
      omittedSecrets.push(name)
      return { name, value: '' }
    })
    let typed: Partial<z.infer<typeof typedParts>> = {}
    const restored = entry.sealedParts !== undefined && this.secrets.available ? this.unsealParts(entry.sealedParts) : null
    if (restored) typed = restored
    else omittedSecrets.push(...(entry.omittedParts ?? []))
    return { name: entry.name, request: { ...entry.request, ...typed, headers }, omittedSecrets }
  }

  private unsealParts(sealed: string): z.infer<typeof typedParts> | null {
    try {
      const parsed = typedParts.safeParse(JSON.parse(this.secrets.decrypt(sealed)))
      return parsed.success ? parsed.data : null
    } catch {
      // Sealed by another user or machine: the emptied parts are asked for again.
      return null
    }
  }

  private async load(): Promise<StoredFile> {
    if (this.cache) return this.cache
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (this.cache = { version: 1, endpoints: [] })
      throw new Error(`Could not read saved endpoints from ${this.file}: ${(err as Error).message}`, { cause: err })
    }
    const parsed = storedFile.safeParse(safeJson(text))
    if (!parsed.success) {
      // Keep the unreadable file for the user instead of overwriting it on the next save.
      const aside = `${this.file}.unreadable-${Date.now()}`
      await rename(this.file, aside)
      throw new Error(`Saved endpoints in ${this.file} were unreadable; moved them to ${aside} and started a new list.`)
    }
    return (this.cache = parsed.data)
  }

  private async write(next: StoredFile): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true })
    // Write then rename, so a crash mid-write never leaves half a file.
    const temp = `${this.file}.tmp`
    await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
    await rename(temp, this.file)
    this.cache = next
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
