import type { ConnectionSummary, ConnectRequest } from '../../../shared/contract'
import type { Frame } from '../../../shared/frames'

/** What the connection bar shows, folded from the frames as they arrive. */
export interface ConnectionView {
  connectionId: string
  url: string
  method: string
  state: ConnectionSummary['state']
  status: number | null
  /** The reconnection time the stream asked for with retry:, if it did. */
  retryMs: number | null
  lastEventId: string
  /** When the scheduled reconnection fires (epoch ms), while reconnecting. */
  reconnectAt: number | null
  lastError: string | null
  events: number
  /** Certificate checks were off for the latest response (the open frame's insecure). */
  insecure: boolean
  /** The proxy the latest response came through, if any. */
  proxy: string | null
  /** Closed after an LLM answer's completion marker: a normal end, shown as Completed. */
  completed?: boolean
  /**
   * The request as this UI sent it (secrets included), for exports, which redact it. Unknown
   * for a connection this UI did not open (it was already running when the page loaded).
   */
  request?: ConnectRequest
}

export function newConnectionView(summary: ConnectionSummary, request?: ConnectRequest): ConnectionView {
  return {
    ...summary,
    ...(request ? { request } : {}),
    status: null,
    retryMs: null,
    lastEventId: '',
    reconnectAt: null,
    lastError: null,
    events: 0,
    insecure: false,
    proxy: null
  }
}

/** Applies one frame; returns the same object when nothing visible changed. */
export function foldFrame(view: ConnectionView, frame: Frame): ConnectionView {
  switch (frame.kind) {
    case 'connecting':
      return { ...view, state: frame.attempt === 0 ? 'connecting' : 'reconnecting', reconnectAt: null, completed: false }
    case 'open':
      return {
        ...view,
        state: 'open',
        status: frame.status,
        lastError: null,
        insecure: frame.insecure === true,
        proxy: frame.proxy ?? null
      }
    case 'event':
      return { ...view, events: view.events + 1, lastEventId: frame.lastEventId }
    case 'retry':
      return { ...view, retryMs: frame.ms }
    case 'error':
      return { ...view, lastError: frame.message, ...(frame.status !== undefined ? { status: frame.status } : {}) }
    case 'reconnect':
      return { ...view, state: 'reconnecting', reconnectAt: frame.time + frame.delayMs, lastEventId: frame.lastEventId }
    case 'close':
      return { ...view, state: 'closed', reconnectAt: null, completed: frame.completed === true }
    default:
      return view
  }
}
