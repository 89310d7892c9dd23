import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'

export interface LocalServer {
  url: string
  port: number
  requests: IncomingMessage[]
  close: () => Promise<void>
}

export interface LocalServerOptions {
  /** Serve https: with this key and certificate instead of http:. */
  tls?: { key: string | Buffer; cert: string | Buffer }
}

/** A throwaway HTTP server on a free loopback port, for tests that need a real peer. */
export async function startLocalServer(
  handler: (req: IncomingMessage, res: ServerResponse, index: number) => void,
  options: LocalServerOptions = {}
): Promise<LocalServer> {
  const requests: IncomingMessage[] = []
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    requests.push(req)
    handler(req, res, requests.length - 1)
  }
  const server = options.tls ? createTlsServer(options.tls, onRequest) : createServer(onRequest)
  // A client that refuses the certificate aborts the handshake; that is the test, not a failure.
  server.on('tlsClientError', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

export interface RawServer {
  url: string
  port: number
  /** Connections accepted so far. */
  sockets: Socket[]
  close: () => Promise<void>
}

/** A bare TCP server on a free loopback port, for peers that do not speak proper HTTP. */
export async function startRawServer(onSocket: (socket: Socket, index: number) => void): Promise<RawServer> {
  const sockets: Socket[] = []
  const server = createTcpServer((socket) => {
    sockets.push(socket)
    // The peer may reset or vanish; a test server must not crash the test run over it.
    socket.on('error', () => {})
    onSocket(socket, sockets.length - 1)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    sockets,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

export const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
