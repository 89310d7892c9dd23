import type { Frame } from '../../../shared/frames'
import { useAppStore, frameLog } from './app-store'
import { foldFrame, newConnectionView } from './connection-view'

let pending: Frame[] = []
let scheduled = false

/**
 * Frames arrive in batches from the core; whatever arrives within one animation frame is
 * appended and announced in a single store update, so React renders at most once a frame.
 */
export function ingestFrames(batch: readonly Frame[]): void {
  for (const frame of batch) pending.push(frame)
  if (scheduled) return
  scheduled = true
  requestAnimationFrame(flush)
}

function flush(): void {
  scheduled = false
  const frames = pending
  pending = []
  if (frames.length === 0) return
  frameLog.append(frames)
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
      logVersion: state.logVersion + 1,
      logSize: frameLog.size,
      dropped: frameLog.dropped
    }
  })
}
