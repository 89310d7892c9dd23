/**
 * Actions that go through the core: each calls it over the contract (`api.invoke`) and records
 * its answer in the store, and `boot` subscribes to its pushes. What changes only this page's
 * view of the frames (filter, pause, selection, dialogs) is in view-actions.ts.
 */
import type { ConnectRequest, SavedEndpoints } from '../../../shared/contract'
import type { FailureAction, ServerConfig } from '../../../shared/server-config'
import { api } from '../api/inspector-api'
import { useAppStore } from './app-store'
import { ingestFrames } from './frame-ingest'
import { newConnectionView } from './connection-view'

/** Runs a call; a failure becomes the notice the user sees instead of an unhandled rejection. */
async function attempt<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    const result = await action()
    useAppStore.setState({ notice: null })
    return result
  } catch (err) {
    useAppStore.setState({ notice: `${what} failed: ${err instanceof Error ? err.message : String(err)}` })
    return undefined
  }
}

let booted: Promise<void> | null = null

/**
 * Subscribes to the core for the life of the page and, on first start, connects to the
 * embedded server's stream. Idempotent: React's StrictMode and remounts call it again.
 */
export function boot(): Promise<void> {
  booted ??= start()
  return booted
}

async function start(): Promise<void> {
  api.on('frames', ingestFrames)
  api.on('server:status', (server) => useAppStore.setState({ server }))
  api.on('push:gap', ({ missedFrames }) =>
    useAppStore.setState((state) => ({
      lostInTransit: state.lostInTransit + missedFrames,
      notice:
        `This ${window.sseInspector ? 'window' : 'tab'} fell behind, so ${missedFrames.toLocaleString()} frames never reached it; the table has a gap there. ` +
        (window.sseInspector
          ? 'Pause the view or filter it while streams are this busy.'
          : 'Keep the tab in front while streams are busy, or use the desktop app.')
    }))
  )
  // No 'connection:state': every change of state comes with its frame (connecting, open,
  // reconnect, close), so foldFrame keeps the state with the rest of the connection's view.
  const [info, server, existing] = await Promise.all([
    attempt('Loading app info', () => api.invoke('app:info', undefined)),
    attempt('Reading the server status', () => api.invoke('server:status', undefined)),
    attempt('Listing connections', () => api.invoke('connection:list', undefined))
  ])
  useAppStore.setState({ info: info ?? null, server: server ?? null })
  const live = (existing ?? []).filter((c) => c.state !== 'closed')
  if (live.length > 0) {
    // Merge: frames that arrived during the calls above may already have founded views.
    useAppStore.setState((state) => ({
      connections: { ...Object.fromEntries(live.map((c) => [c.connectionId, newConnectionView(c)])), ...state.connections },
      activeId: live[live.length - 1]?.connectionId ?? null
    }))
  } else if (info && server?.running) {
    await connect({ url: info.defaultUrl })
  }
}

let connecting: Promise<void> = Promise.resolve()

/** Replaces the active connection. Calls run one after another, so two quick clicks never leave an orphan. */
export function connect(request: ConnectRequest): Promise<void> {
  connecting = connecting.then(() => replaceConnection(request))
  return connecting
}

async function replaceConnection(request: ConnectRequest): Promise<void> {
  await disconnect()
  const summary = await attempt('Connecting', () => api.invoke('connection:open', request))
  if (!summary) return
  useAppStore.setState((state) => ({
    activeId: summary.connectionId,
    connections: {
      ...state.connections,
      // A first frame may have founded the view already; it could not know the request.
      [summary.connectionId]: { ...(state.connections[summary.connectionId] ?? newConnectionView(summary)), request }
    }
  }))
}

export async function disconnect(): Promise<void> {
  const { activeId, connections } = useAppStore.getState()
  if (!activeId || connections[activeId]?.state === 'closed') return
  await attempt('Disconnecting', () => api.invoke('connection:close', { connectionId: activeId }))
}

export async function startServer(port?: number): Promise<void> {
  const server = await attempt('Starting the server', () => api.invoke('server:start', port === undefined ? {} : { port }))
  if (server) useAppStore.setState({ server })
}

export async function stopServer(): Promise<void> {
  const server = await attempt('Stopping the server', () => api.invoke('server:stop', undefined))
  if (server) useAppStore.setState({ server })
}

export async function configureServer(patch: Partial<ServerConfig>): Promise<void> {
  const server = await attempt('Changing the server', () => api.invoke('server:configure', patch))
  if (server) useAppStore.setState({ server })
}

export async function injectFailure(action: FailureAction): Promise<void> {
  const server = await attempt('Injecting the failure', () => api.invoke('server:inject', action))
  if (server) useAppStore.setState({ server })
}

export function listEndpoints(): Promise<SavedEndpoints | undefined> {
  return attempt('Loading saved endpoints', () => api.invoke('endpoints:list', undefined))
}

export function saveEndpoint(name: string, request: ConnectRequest): Promise<SavedEndpoints | undefined> {
  return attempt('Saving the endpoint', () => api.invoke('endpoints:save', { name, request }))
}

export function removeEndpoint(name: string): Promise<SavedEndpoints | undefined> {
  return attempt('Removing the endpoint', () => api.invoke('endpoints:remove', { name }))
}
