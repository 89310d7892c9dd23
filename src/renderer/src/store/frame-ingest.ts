import type { Frame } from '../../../shared/frames'
import { filteredView, frameLog, useAppStore } from './app-store'
import { foldFrame, newConnectionView } from './connection-view'
import { ingestLlmFrames } from './llm-streams'

let pending: Frame[] = []
let scheduled = false
let lastFlush = 0

/** Above this many frames per update nobody reads rows one by one, so updates are spaced out. */
const BUSY_BATCH = 200
const BUSY_INTERVAL_MS = 50

/**
 * Frames arrive in batches from the core; whatever arrives within one animation frame is
 * appended and announced in a single store update, so React renders at most once a frame.
 * Under a flood (thousands a second) updates come every 50 ms instead, which keeps each
 * animation frame short while the timeline and table still look live.
 */
export function ingestFrames(batch: readonly Frame[]): void {
  for (const frame of batch) pending.push(frame)
  if (scheduled) return
  scheduled = true
  requestAnimationFrame(flushWhenDue)
}

function flushWhenDue(now: number): void {
  if (pending.length >= BUSY_BATCH && now - lastFlush < BUSY_INTERVAL_MS) {
    requestAnimationFrame(flushWhenDue)
    return
  }
  lastFlush = now
  flush()
}

/** Exposed for tests and benchmarks that feed frames without a browser's animation frames. */
export function flush(): void {
  scheduled = false
  const frames = pending
  pending = []
  if (frames.length === 0) return
  const firstSeq = frameLog.total
  frameLog.append(frames)
  filteredView.append(frames, firstSeq)
  ingestLlmFrames(frames, firstSeq)
  useAppStore.setState((state) => {
    let connections = state.connections
    let typeCounts = state.typeCounts
    for (const frame of frames) {
      if (frame.kind === 'event') {
        if (typeCounts === state.typeCounts) typeCounts = { ...typeCounts }
        typeCounts[frame.type] = (typeCounts[frame.type] ?? 0) + 1
      }
      // The push stream can overtake the answer to connection:open, so a first frame founds the view.
      const view =
        connections[frame.connectionId] ??
        (frame.kind === 'connecting'
          ? newConnectionView({ connectionId: frame.connectionId, url: frame.url, method: frame.method, state: 'connecting' })
          : undefined)
      if (!view) continue
      const next = foldFrame(view, frame)
      if (next !== view) connections = { ...connections, [frame.connectionId]: next }
    }
    return {
      connections,
      typeCounts,
      logVersion: state.logVersion + 1,
      logSize: frameLog.size,
      dropped: frameLog.dropped,
      ...(state.paused ? {} : { viewStart: filteredView.start, viewEnd: filteredView.end, viewVersion: state.viewVersion + 1 })
    }
  })
}
