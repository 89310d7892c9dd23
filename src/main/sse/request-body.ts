/** The media type a JSON request body is labelled with when the user gave no Content-Type. */
export const JSON_MEDIA_TYPE = 'application/json'

/**
 * The Content-Type to send with a request body the user did not label: `application/json` when
 * the body is a JSON object or array (what every LLM API expects, and what curl users forget:
 * `-d` alone sends `application/x-www-form-urlencoded`), otherwise none, so other bodies go as
 * typed. RFC 9110 §8.3: a sender that generates content SHOULD send Content-Type; recipients
 * otherwise guess or assume `application/octet-stream`.
 *
 * @param body the request body as the user wrote it, or undefined for none
 * @returns the media type to send, or null to send no Content-Type
 */
export function defaultBodyContentType(body: string | undefined): string | null {
  if (body === undefined) return null
  const text = body.trim()
  if (!text.startsWith('{') && !text.startsWith('[')) return null
  try {
    JSON.parse(text)
    return JSON_MEDIA_TYPE
  } catch {
    return null
  }
}
