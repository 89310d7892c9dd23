import type { Frame } from '../../../shared/frames'
import { filteredView, frameLog, useAppStore } from '../store/app-store'
import { fullData } from '../store/full-data'
import { saveTextFile } from './save-file'
import { buildSessionExport, sessionFileName, type ExportedConnection } from './session-export'

export interface ExportChoice {
  scope: 'all' | 'shown'
  includeSecrets: boolean
}

export interface ExportResult {
  fileName: string
  frames: number
  /** Very large events the inspector no longer kept whole: in the file cut, marked dataTruncated. */
  cut: number
}

/**
 * The positions in the filtered view that the table shows and an export of "shown" takes: a
 * paused view may still point at frames the buffer has let go, which are not counted.
 */
export function shownRange(state: { viewStart: number; viewEnd: number }): { from: number; to: number } {
  const from = Math.max(state.viewStart, filteredView.start)
  return { from, to: Math.max(from, state.viewEnd) }
}

function framesInScope(scope: ExportChoice['scope']): Frame[] {
  const frames: Frame[] = []
  if (scope === 'all') {
    for (let i = 0; i < frameLog.size; i++) frames.push(frameLog.at(i)!)
    return frames
  }
  const { from, to } = shownRange(useAppStore.getState())
  for (let position = from; position < to; position++) {
    const frame = filteredView.frameAt(position)
    if (frame) frames.push(frame)
  }
  return frames
}

/** Events the UI holds only the start of get their whole data back from the inspector, where it still has it. */
async function withWholeData(frames: Frame[]): Promise<{ frames: Frame[]; cut: number }> {
  let cut = 0
  const whole = await Promise.all(
    frames.map(async (frame) => {
      if (frame.kind !== 'event' || !frame.dataTruncated) return frame
      try {
        const { dataTruncated: _cut, ...rest } = frame
        return { ...rest, data: await fullData(frame) }
      } catch {
        cut += 1
        return frame
      }
    })
  )
  return { frames: whole, cut }
}

/** Writes the frames the user chose, with their connections' requests, to a JSON file. */
export async function exportSession(choice: ExportChoice, now = Date.now()): Promise<ExportResult> {
  const state = useAppStore.getState()
  const { frames, cut } = await withWholeData(framesInScope(choice.scope))
  const ids = [...new Set(frames.map((f) => f.connectionId))]
  const connections: ExportedConnection[] = ids.map((connectionId) => {
    const view = state.connections[connectionId]
    return view?.request
      ? { connectionId, request: view.request }
      : {
          connectionId,
          request: { url: view?.url ?? '', method: view?.method ?? 'GET' },
          note: 'Opened before this window loaded: its headers and body are not known here.'
        }
  })
  const document = buildSessionExport({
    frames,
    connections,
    includeSecrets: choice.includeSecrets,
    scope: choice.scope,
    droppedBefore: frameLog.dropped,
    appVersion: state.info?.version ?? 'unknown',
    exportedAt: now
  })
  const fileName = sessionFileName(now)
  saveTextFile(fileName, JSON.stringify(document, null, 2))
  return { fileName, frames: frames.length, cut }
}
