import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

export type Verdict = { ok: true } | { ok: false; status: number; message: string }

/**
 * Browser mode is a local web server holding the user's tokens and able to open any URL,
 * so it answers only: its own Host (against DNS rebinding), its own Origin (against other
 * sites' pages), and a caller that holds the per-run token.
 */
export class AccessGuard {
  constructor(
    private readonly token: string,
    private readonly port: () => number
  ) {}

  private allowedHosts(): string[] {
    const port = this.port()
    return [`127.0.0.1:${port}`, `localhost:${port}`]
  }

  checkHostAndOrigin(req: IncomingMessage): Verdict {
    const host = (req.headers.host ?? '').toLowerCase()
    if (!this.allowedHosts().includes(host)) {
      return { ok: false, status: 421, message: `Refused: Host "${host}" is not this inspector. Use the URL it printed.` }
    }
    const origin = req.headers.origin
    if (origin !== undefined && !this.allowedHosts().some((h) => origin === `http://${h}`)) {
      return { ok: false, status: 403, message: `Refused: requests from ${origin} are not allowed.` }
    }
    return { ok: true }
  }

  tokenMatches(candidate: string | undefined | null): boolean {
    if (!candidate) return false
    const a = Buffer.from(candidate)
    const b = Buffer.from(this.token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  /**
   * The token, from an `Authorization: Bearer` header only (RFC 6750 §2.1). Never a cookie:
   * cookies are not scoped by port (RFC 6265 §8.5), so one set here would go to every other
   * service on 127.0.0.1. The page keeps the token in its tab and sends it with each request.
   */
  isAuthorized(req: IncomingMessage): boolean {
    const auth = req.headers.authorization
    return auth?.startsWith('Bearer ') === true && this.tokenMatches(auth.slice(7))
  }
}
