import type { EventFrame } from '../../../shared/frames'
import { api } from '../api/inspector-api'

/**
 * An event's whole data: the frame's own, or, for one the inspector sent cut
 * (dataTruncated), fetched from it. Rejects, saying why, once the inspector let it go.
 */
export async function fullData(frame: EventFrame): Promise<string> {
  if (!frame.dataTruncated) return frame.data
  const kept = await api.invoke('event:data', { key: frame.dataTruncated.key })
  if (!kept)
    throw new Error(
      'The inspector no longer keeps the whole data of this event (it keeps only the most recent 128 million characters of very large events).'
    )
  return kept.data
}
