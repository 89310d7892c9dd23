import type { IncomingMessage, ServerResponse } from 'node:http'
import { CONTROL_PATH, STREAM_PATH, STREAM_QUERY_PARAMS } from '../../shared/server-config'
import { IDENTITY_HEADER } from './port-check'

/** The classic demo's headers, byte for byte; a fault may swap the Content-Type. */
export function streamHeaders(contentType = 'text/event-stream'): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'Access-Control-Allow-Origin': '*'
  }
}

/** Short text answers; CORS-readable so a browser client can show why it failed. */
export function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Access-Control-Allow-Origin': '*',
    [IDENTITY_HEADER]: 'demo-server',
    ...extra
  })
  res.end(status === 204 || status === 304 ? undefined : `${text}\n`)
}

/**
 * Preflight for the stream: EventSource itself never needs one, but fetch-based clients that
 * add headers (Authorization, Last-Event-ID from script) do, and so does Chrome's private
 * network access check when a public page opens a stream on this machine.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers']
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
    'Access-Control-Allow-Headers': requested || 'Last-Event-ID, Cache-Control, Accept, Authorization, Content-Type',
    'Access-Control-Max-Age': '86400',
    Vary: 'Access-Control-Request-Headers'
  }
  if (req.headers['access-control-request-private-network'] === 'true') {
    headers['Access-Control-Allow-Private-Network'] = 'true'
  }
  res.writeHead(204, headers)
  res.end()
}

export function helpPage(origin: string): string {
  const params = Object.entries(STREAM_QUERY_PARAMS)
    .map(([name, what]) => `    ${name.padEnd(12)} ${what}`)
    .join('\n')
  return [
    'SSE Inspector demo server',
    '',
    `GET  ${origin}${STREAM_PATH}     the event stream (the classic Node demo by default)`,
    `     query parameters, e.g. ${STREAM_PATH}?interval=100&event=tick&ids=1&payload=json:`,
    params,
    `POST ${origin}${STREAM_PATH}?payload=openai|anthropic&tps=20   a canned LLM answer (GET works too; the body is ignored)`,
    `GET  ${origin}${CONTROL_PATH}   status as JSON (from this machine only)`,
    `POST ${origin}${CONTROL_PATH}   {"config": {...}, "inject": {"type": "drop"}} (from this machine only)`
  ].join('\n')
}
