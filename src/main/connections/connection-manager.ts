import { randomUUID } from 'node:crypto'
import type { ConnectionSummary, ValidConnectRequest } from '../../shared/contract'
import { MAX_UI_DATA_CHARS, MAX_UI_RAW_CHARS, type Frame } from '../../shared/frames'
import { SseClient } from '../sse/client'
import { lineLimitOptions } from '../sse/line-limit'
import { LargeDataStore } from './large-data-store'

interface Connection {
  client: SseClient
  request: ValidConnectRequest
}

export interface ConnectionManagerEvents {
  frame: (frame: Frame) => void
  state: (summary: ConnectionSummary) => void
}

/** Owns the inspector's live connections; frames and state changes go to whoever listens. */
export class ConnectionManager {
  private readonly connections = new Map<string, Connection>()
  /** What the UI was sent only the start of; see MAX_UI_DATA_CHARS. */
  readonly largeData = new LargeDataStore()

  constructor(private readonly events: ConnectionManagerEvents) {}

  open(request: ValidConnectRequest): ConnectionSummary {
    const connectionId = randomUUID().slice(0, 8)
    const client = new SseClient(
      {
        connectionId,
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: request.body,
        reconnect: request.reconnect,
        parser: lineLimitOptions(request.maxLineBytes, 'To accept longer lines, raise "Max line" in the Request drawer and connect again.'),
        ...(request.proxy ? { proxy: request.proxy } : {}),
        ...(request.insecure ? { insecure: true } : {}),
        ...(request.allowInsecureRedirects ? { allowInsecureRedirects: true } : {})
      },
      (frame) => this.events.frame(forUi(frame, this.largeData))
    )
    const connection = { client, request }
    this.connections.set(connectionId, connection)
    client.onStateChange((state) => {
      this.events.state(summarize(connectionId, connection))
      // A connection that ended by itself (fatal error, reconnect off) is done: let it go.
      if (state === 'closed') this.connections.delete(connectionId)
    })
    client.start()
    return summarize(connectionId, connection)
  }

  close(connectionId: string): ConnectionSummary | null {
    const connection = this.connections.get(connectionId)
    if (!connection) return null
    connection.client.close()
    this.connections.delete(connectionId)
    return summarize(connectionId, connection)
  }

  list(): ConnectionSummary[] {
    return [...this.connections].map(([id, connection]) => summarize(id, connection))
  }

  closeAll(reason = 'The inspector is shutting down'): void {
    for (const connection of this.connections.values()) connection.client.close(reason)
    this.connections.clear()
  }
}

function summarize(connectionId: string, { client, request }: Connection): ConnectionSummary {
  return {
    connectionId,
    url: request.url,
    method: request.method,
    state: client.state,
    ...(client.completed ? { completed: true as const } : {})
  }
}

/** A frame as the UI gets it: huge raw text dropped, huge data cut and kept aside. */
export function forUi(frame: Frame, store: LargeDataStore): Frame {
  const slim = withoutHugeRaw(frame)
  if (slim.kind !== 'event' || slim.data.length <= MAX_UI_DATA_CHARS) return slim
  return {
    ...slim,
    data: slim.data.slice(0, MAX_UI_DATA_CHARS),
    dataTruncated: { bytes: Buffer.byteLength(slim.data, 'utf8'), key: store.put(slim.data) }
  }
}

/**
 * Drops `raw` from an event whose raw text is over MAX_UI_RAW_CHARS. A 50 MB event would
 * otherwise travel twice (data and raw, each escaped again as JSON on browser mode's push stream)
 * and sit twice in the renderer's memory; the UI says why the Raw tab is empty.
 */
export function withoutHugeRaw(frame: Frame): Frame {
  if (frame.kind !== 'event' || frame.raw === undefined || frame.raw.length <= MAX_UI_RAW_CHARS) return frame
  const { raw: _raw, ...rest } = frame
  return { ...rest, rawOmitted: true }
}
