import type { Frame } from '../../shared/frames'
import { SseClient, type SseClientOptions } from '../sse/client'
import type { Timers } from '../sse/reconnect-scheduler'
import { startLocalServer, startRawServer, type LocalServer, type RawServer } from './local-server'

export const ofKind = <K extends Frame['kind']>(frames: Frame[], kind: K) =>
  frames.filter((f): f is Extract<Frame, { kind: K }> => f.kind === kind)

/**
 * Loopback servers and SseClients for one test file, all torn down by `cleanup` (call it in
 * afterEach), and a way to wait on frames instead of sleeping.
 */
export function clientHarness() {
  let servers: Array<LocalServer | RawServer> = []
  let clients: SseClient[] = []

  async function serve(
    handler: Parameters<typeof startLocalServer>[0],
    options?: Parameters<typeof startLocalServer>[1]
  ): Promise<LocalServer> {
    const server = await startLocalServer(handler, options)
    servers.push(server)
    return server
  }

  async function serveRaw(onSocket: Parameters<typeof startRawServer>[0]): Promise<RawServer> {
    const server = await startRawServer(onSocket)
    servers.push(server)
    return server
  }

  /** Starts a client; `until` resolves once its frames satisfy a condition. */
  function run(options: Omit<SseClientOptions, 'connectionId'>, onFrame?: (frame: Frame) => void) {
    const frames: Frame[] = []
    const waiters: Array<() => void> = []
    const client = new SseClient({ connectionId: 'c1', ...options }, (frame) => {
      frames.push(frame)
      onFrame?.(frame)
      for (const wake of waiters.splice(0)) wake()
    })
    clients.push(client)
    client.start()
    const until = (done: (frames: Frame[]) => boolean): Promise<Frame[]> =>
      new Promise((resolve, reject) => {
        const timeout = setTimeout(
          () => reject(new Error(`timed out; frames so far: ${JSON.stringify(frames.slice(0, 40), null, 1)}`)),
          // a backstop for a hang, to show the frames; shorter than the test's own timeout only
          100_000
        )
        const check = (): void => {
          if (done(frames)) {
            clearTimeout(timeout)
            resolve(frames)
          } else waiters.push(check)
        }
        check()
      })
    const kinds = () => frames.map((f) => f.kind)
    return { client, frames, until, kinds }
  }

  async function cleanup(): Promise<void> {
    for (const client of clients) client.close()
    await Promise.all(servers.map((s) => s.close()))
    servers = []
    clients = []
  }

  return { serve, serveRaw, run, cleanup }
}

/**
 * Timers on a virtual clock for reconnection waits: each wait is recorded and fires on the next
 * turn of the event loop, with `now()` advanced by its length. Tests then see the timing a policy
 * would produce, against real sockets, without waiting for it.
 */
export function virtualTimers() {
  let now = 0
  const waits: number[] = []
  const live = new Set<NodeJS.Immediate>()
  const timers: Timers = {
    set: (fn, ms) => {
      waits.push(ms)
      const handle = setImmediate(() => {
        live.delete(handle)
        now += ms
        fn()
      })
      live.add(handle)
      return handle
    },
    clear: (handle) => {
      clearImmediate(handle as NodeJS.Immediate)
      live.delete(handle as NodeJS.Immediate)
    }
  }
  return { timers, waits, now: () => now }
}
