import { isSecretHeader, maskSecret } from '../../shared/secrets'
import { EVENT_STREAM_TYPE } from './content-type'
import { defaultBodyContentType } from './request-body'

export interface HeaderEntry {
  name: string
  value: string
}

const LAST_EVENT_ID = 'last-event-id'

/**
 * The `Last-Event-ID` the user set among their own headers, if any. It seeds the client's last
 * event ID (as if an earlier stream had sent that `id:`), so it goes out with the first request
 * and after that the EventSource rule alone decides: the stream's `id:` fields replace it, and an
 * empty `id:` clears it (WHATWG HTML §9.2.4 "the last event ID string"). The last one given wins,
 * as with any header set twice here.
 */
export function userLastEventId(headers: readonly HeaderEntry[] | undefined): string | undefined {
  let value: string | undefined
  for (const header of headers ?? []) if (header.name.trim().toLowerCase() === LAST_EVENT_ID) value = header.value
  return value
}

/**
 * The headers of one request, names lower-cased, as they go on the wire: Accept and
 * Cache-Control as EventSource sends them (§9.2.2), the user's headers over those (except
 * Last-Event-ID, see userLastEventId), then `Last-Event-ID` from the client's last event ID when
 * it is not empty. Node writes header strings as Latin-1, so that value is passed as its UTF-8
 * bytes in Latin-1 form, which puts UTF-8 on the wire as browsers do. A JSON body without a
 * Content-Type of the user's gets `application/json` (LLM APIs refuse a JSON body without it).
 */
export function buildRequestHeaders(
  userHeaders: readonly HeaderEntry[] | undefined,
  lastEventId: string,
  body?: string
): Record<string, string> {
  const headers: Record<string, string> = { accept: EVENT_STREAM_TYPE, 'cache-control': 'no-cache' }
  for (const { name, value } of userHeaders ?? []) {
    const lower = name.toLowerCase()
    if (lower !== LAST_EVENT_ID) headers[lower] = value
  }
  const bodyType = headers['content-type'] === undefined ? defaultBodyContentType(body) : null
  if (bodyType) headers['content-type'] = bodyType
  if (lastEventId) headers[LAST_EVENT_ID] = Buffer.from(lastEventId, 'utf8').toString('latin1')
  return headers
}

/**
 * What the `connecting` frame shows of a request's headers: every header sent, including the
 * Host and Content-Length that Node adds (RFC 9112 §3.2, RFC 9110 §8.6), with credential values
 * masked by the shared secret rule, and Last-Event-ID decoded back to the text it carries.
 */
export function headersForDisplay(url: string, wire: Record<string, string>, body: string | undefined): Record<string, string> {
  const shown: Record<string, string> = {}
  try {
    shown['host'] = new URL(url).host
  } catch {
    // An unusable URL never reaches the network; there is no Host to show.
  }
  for (const [name, value] of Object.entries(wire)) {
    const text = name === LAST_EVENT_ID ? Buffer.from(value, 'latin1').toString('utf8') : value
    shown[name] = isSecretHeader(name) ? maskSecret(text) : text
  }
  if (body !== undefined) shown['content-length'] = String(Buffer.byteLength(body, 'utf8'))
  return shown
}
