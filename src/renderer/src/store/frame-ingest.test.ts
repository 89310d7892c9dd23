import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { UnstampedFrame } from '../../../shared/frames'
import { typeCounts, useAppStore } from './app-store'
import { newConnectionView } from './connection-view'
import { ingestFrames } from './frame-ingest'

/** Animation frames, run when the test says: ingestion waits for one before it updates the store. */
const animationFrames: FrameRequestCallback[] = []
vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => animationFrames.push(callback))

let now = 0
/** Delivers one push batch and lets the animation frame that announces it run. */
function deliver(...frames: Array<UnstampedFrame & { connectionId?: string }>): void {
  ingestFrames(frames.map((frame) => ({ connectionId: 'c1', time: (now += 100), ...frame })))
  for (const callback of animationFrames.splice(0)) callback(now)
}
const view = (id = 'c1') => useAppStore.getState().connections[id]

beforeEach(() => {
  useAppStore.setState({ connections: {} })
})

// The one source of a connection's state is its frames: the core's connection:state push says
// nothing they do not (src/main/sse/client.test.ts checks the core announces each change).
describe('connection state from frames', () => {
  it('follows a connection through open, a reconnection and its close', () => {
    deliver({ kind: 'connecting', url: 'http://127.0.0.1:1/s', method: 'GET', attempt: 0 })
    expect(view()).toMatchObject({ state: 'connecting', url: 'http://127.0.0.1:1/s', method: 'GET' })
    deliver({ kind: 'open', status: 200, headers: {}, url: 'http://127.0.0.1:1/s' })
    expect(view()).toMatchObject({ state: 'open', status: 200 })
    deliver(
      { kind: 'error', message: 'The server ended the stream.', fatal: false },
      { kind: 'reconnect', delayMs: 250, lastEventId: '7', attempt: 1 }
    )
    expect(view()).toMatchObject({ state: 'reconnecting', reconnectAt: now + 250, lastError: 'The server ended the stream.' })
    deliver({ kind: 'connecting', url: 'http://127.0.0.1:1/s', method: 'GET', attempt: 1, lastEventId: '7' })
    expect(view()).toMatchObject({ state: 'reconnecting', reconnectAt: null })
    deliver({ kind: 'open', status: 200, headers: {}, url: 'http://127.0.0.1:1/s' })
    expect(view()).toMatchObject({ state: 'open', lastError: null })
    deliver({ kind: 'close', reason: 'Closed by the user' })
    expect(view()).toMatchObject({ state: 'closed', reconnectAt: null })
  })

  it('takes the states of a batch in order, ending at the last', () => {
    deliver(
      { kind: 'connecting', url: 'http://127.0.0.1:1/s', method: 'GET', attempt: 0 },
      { kind: 'open', status: 200, headers: {}, url: 'http://127.0.0.1:1/s' },
      { kind: 'error', message: 'HTTP 500', fatal: true, status: 500 },
      { kind: 'close', reason: 'HTTP 500' }
    )
    expect(view()).toMatchObject({ state: 'closed', status: 500, lastError: 'HTTP 500' })
  })

  it('moves a connection the page found already running (connection:list) on with its frames', () => {
    useAppStore.setState({
      connections: { c2: newConnectionView({ connectionId: 'c2', url: 'http://127.0.0.1:1/s', method: 'GET', state: 'open' }) }
    })
    deliver({ kind: 'reconnect', delayMs: 1000, lastEventId: '', attempt: 3, connectionId: 'c2' })
    expect(view('c2')).toMatchObject({ state: 'reconnecting' })
    deliver({ kind: 'close', reason: 'Closed by the user', connectionId: 'c2' })
    expect(view('c2')).toMatchObject({ state: 'closed' })
  })

  it('founds no view from the middle of a connection it never saw start', () => {
    deliver({ kind: 'open', status: 200, headers: {}, url: 'http://127.0.0.1:1/s', connectionId: 'c3' })
    expect(view('c3')).toBeUndefined()
  })
})

describe('event type counts', () => {
  it('are counted in place and announced by a version, not copied into the store', () => {
    typeCounts.clear()
    const event = (type: string) => ({ kind: 'event' as const, type, data: '', lastEventId: '', raw: '' })
    deliver(event('a'), event('b'), event('a'))
    expect(typeCounts.top(5)).toEqual([
      ['a', 2],
      ['b', 1]
    ])
    const state = useAppStore.getState()
    expect(state.typeCountsVersion).toBe(typeCounts.version)
    expect(Object.values(state).some((v) => v === typeCounts)).toBe(false)
  })
})
