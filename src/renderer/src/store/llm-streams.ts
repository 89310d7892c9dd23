import { create } from 'zustand'
import type { Frame } from '../../../shared/frames'
import { DEFAULT_STALL_MS, LlmAssembler, measureTiming, type LlmSnapshot, type LlmTiming, type TimedFrame } from '../../../shared/llm'
import { keyForRequest, recordRun, summarizeRun } from './llm-runs'

/**
 * Events looked at before a response that has shown no LLM dialect stops being tracked: an
 * endless plain stream (the demo server's ticks) must not grow a second copy of its frames.
 */
export const DETECT_WITHIN_EVENTS = 64

/**
 * One response (one connection attempt): the assembler fed incrementally, and the frames the
 * timing needs. The assembler's frame indices are positions in `timed`; `seqs` maps them back
 * to frame-log sequence numbers, so a stretch of text can select the event that carried it.
 */
export class LlmResponse {
  readonly assembler = new LlmAssembler()
  readonly timed: TimedFrame[] = []
  readonly seqs: number[] = []
  private events = 0
  /** No dialect showed itself in the first DETECT_WITHIN_EVENTS events: this is not an LLM answer. */
  gaveUp = false
  /** Where its runs are kept (see llm-runs), from the `connecting` frame; null before it. */
  endpointKey: string | null = null
  /** The id of the run recorded when this answer ended, or null while it has not. */
  runId: string | null = null
  private failed = false

  push(frame: Frame, seq: number): void {
    if (this.gaveUp) return
    if (frame.kind === 'connecting' && this.endpointKey === null) {
      this.endpointKey = keyForRequest(frame.method, frame.url)
      this.runId = null
    }
    if (frame.kind === 'error') this.failed = true
    const index = this.timed.length
    this.timed.push({ kind: frame.kind, time: frame.time })
    this.seqs.push(seq)
    if (frame.kind !== 'event') return
    this.events += 1
    this.assembler.push({ type: frame.type, data: frame.data, index })
    if (this.assembler.dialect === null && this.events >= DETECT_WITHIN_EVENTS) {
      this.gaveUp = true
      this.timed.length = 0
      this.seqs.length = 0
    }
  }

  /** The frame-log sequence number of an assembler frame index, or undefined. */
  seqOf(index: number): number | undefined {
    return this.seqs[index]
  }

  /** The assembler frame index of a frame-log sequence number, or -1 (binary search: seqs ascend). */
  indexOfSeq(seq: number): number {
    let lo = 0
    let hi = this.seqs.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const at = this.seqs[mid] as number
      if (at === seq) return mid
      if (at < seq) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  snapshot(): LlmSnapshot {
    return this.assembler.snapshot()
  }

  timing(stallMs: number): LlmTiming {
    return measureTiming(this.timed, this.assembler.snapshot(), { stallMs })
  }

  /**
   * Records this answer's run once, when it ends (a `close`, a `reconnect` or a fatal error),
   * if it was an LLM answer whose `connecting` frame this page saw. Returns whether it recorded one.
   */
  finish(connectionId: string, completed: boolean, stallMs: number): boolean {
    if (this.gaveUp || this.runId !== null || this.endpointKey === null || this.assembler.dialect === null) return false
    const start = this.timed.find((f) => f.kind === 'connecting')?.time ?? this.timed[0]?.time ?? 0
    const id = `${connectionId}@${start}`
    const snapshot = this.assembler.snapshot()
    recordRun(this.endpointKey, summarizeRun(id, start, snapshot, this.timing(stallMs), { completed, failed: this.failed }))
    this.runId = id
    return true
  }
}

/** The latest response of each connection; a reconnection starts a new one (it is a new answer). */
const responses = new Map<string, LlmResponse>()
/**
 * Responses kept, most recently started last: every Connect opens a new connection, and the
 * answers of long-replaced ones (each holding a copy of its frame times) must not pile up.
 */
export const MAX_RESPONSES = 8

export interface LlmState {
  /** Bumped per connection in each ingest batch that touched it. */
  versions: Record<string, number>
  /** Gaps between content chunks over this many ms are stalls (user setting). */
  stallMs: number
}

/** Only versions live in zustand; the assemblers stay outside React like the frame log. */
export const useLlmStore = create<LlmState>()(() => ({ versions: {}, stallMs: DEFAULT_STALL_MS }))

/**
 * Feeds a batch of frames (the same batch the frame log just appended, starting at sequence
 * number `firstSeq`) to each connection's assembler: O(batch), never a re-read of the log.
 */
export function ingestLlmFrames(frames: readonly Frame[], firstSeq: number): void {
  const touched = new Set<string>()
  frames.forEach((frame, i) => {
    let response = responses.get(frame.connectionId)
    if (frame.kind === 'connecting') {
      response = new LlmResponse()
      responses.delete(frame.connectionId)
      responses.set(frame.connectionId, response)
      for (const id of responses.keys()) {
        if (responses.size <= MAX_RESPONSES) break
        responses.delete(id)
      }
    }
    if (!response || response.gaveUp) return
    response.push(frame, firstSeq + i)
    touched.add(frame.connectionId)
    const ended = frame.kind === 'close' || frame.kind === 'reconnect' || (frame.kind === 'error' && frame.fatal)
    if (ended) response.finish(frame.connectionId, frame.kind === 'close' && frame.completed === true, useLlmStore.getState().stallMs)
  })
  if (touched.size === 0) return
  useLlmStore.setState((state) => {
    const versions = { ...state.versions }
    for (const id of touched) versions[id] = (versions[id] ?? 0) + 1
    return { versions }
  })
}

/** The connection's latest response, or undefined when it has none or it is not an LLM answer. */
export function llmResponse(connectionId: string | null): LlmResponse | undefined {
  if (connectionId === null) return undefined
  const response = responses.get(connectionId)
  return response && !response.gaveUp ? response : undefined
}

/** The response is an LLM answer (a dialect was detected). */
export function isLlmResponse(response: LlmResponse | undefined): response is LlmResponse {
  return response !== undefined && response.assembler.dialect !== null
}

export function setStallMs(stallMs: number): void {
  useLlmStore.setState({ stallMs })
}

/** Stalls per connection at the current threshold, for the timeline's lanes. */
export function llmStalls(): Map<string, LlmTiming['stalls']> {
  const { stallMs } = useLlmStore.getState()
  const result = new Map<string, LlmTiming['stalls']>()
  for (const [id, response] of responses) {
    if (!isLlmResponse(response)) continue
    const stalls = stallsCache(response, stallMs)
    if (stalls.length > 0) result.set(id, stalls)
  }
  return result
}

const stallCache = new WeakMap<LlmResponse, { chunks: number; stallMs: number; stalls: LlmTiming['stalls'] }>()

function stallsCache(response: LlmResponse, stallMs: number): LlmTiming['stalls'] {
  const chunks = response.snapshot().contentFrames.length
  const hit = stallCache.get(response)
  if (hit && hit.chunks === chunks && hit.stallMs === stallMs) return hit.stalls
  const stalls = response.timing(stallMs).stalls
  stallCache.set(response, { chunks, stallMs, stalls })
  return stalls
}

/** For tests: forgets every response. */
export function resetLlmStreams(): void {
  responses.clear()
  useLlmStore.setState({ versions: {}, stallMs: DEFAULT_STALL_MS })
}
