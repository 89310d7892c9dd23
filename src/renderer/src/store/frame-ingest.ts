import type { Frame } from '../../../shared/frames'
import { filteredView, frameLog, typeCounts, useAppStore } from './app-store'
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
  // Counted before they go in, so a batch longer than the log evicts frames already counted.
  frames.forEach((frame, i) => {
    if (frame.kind === 'event') typeCounts.add(frame.type, firstSeq + i)
  })
  frameLog.append(frames, (frame, seq) => {
    if (frame.kind === 'event') typeCounts.remove(frame.type, seq)
  })
  filteredView.append(frames, firstSeq)
  ingestLlmFrames(frames, firstSeq)
  useAppStore.setState((state) => {
    let connections = state.connections
    for (const frame of frames) {
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
      typeCountsVersion: typeCounts.version,
      logVersion: state.logVersion + 1,
      logSize: frameLog.size,
      dropped: frameLog.dropped,
      ...(state.paused ? {} : { viewStart: filteredView.start, viewEnd: filteredView.end, viewVersion: state.viewVersion + 1 })
    }
  })
}
