import http from 'node:http'
import https from 'node:https'
import type { Duplex } from 'node:stream'
import type { Socket } from 'node:net'
import { HttpProxyAgent } from 'http-proxy-agent'
import { HttpsProxyAgent } from 'https-proxy-agent'
import type { ProxyChoice } from './proxy'
import { ResponseNormalizer, type FramingNotice } from './response-framing'

/** What one request's transport saw below HTTP: framing repairs, and the socket that carried it. */
export class TransportWatch {
  readonly notices: FramingNotice[] = []
  socket: ResponseNormalizer | null = null

  wrap(socket: Duplex): ResponseNormalizer {
    this.socket = new ResponseNormalizer(socket, (notice) => this.notices.push(notice))
    return this.socket
  }
}

/**
 * The agent for one request: direct, through an HTTP proxy (absolute-form requests, for http:
 * targets) or through a CONNECT tunnel (https: targets), as curl does. Each wraps its socket in
 * a ResponseNormalizer so Node's parser reads what browsers read. No keep-alive: an event
 * stream holds its connection for its whole life anyway.
 */
export function createAgent(target: URL, proxy: ProxyChoice | null, watch: TransportWatch): http.Agent {
  if (proxy) {
    if (target.protocol === 'https:') {
      return new (class extends HttpsProxyAgent<string> {
        override async connect(...args: Parameters<HttpsProxyAgent<string>['connect']>): Promise<Socket> {
          return watch.wrap(await super.connect(...args)) as unknown as Socket
        }
      })(proxy.url)
    }
    return new (class extends HttpProxyAgent<string> {
      override async connect(...args: Parameters<HttpProxyAgent<string>['connect']>): Promise<Socket> {
        return watch.wrap(await super.connect(...args)) as unknown as Socket
      }
    })(proxy.url)
  }
  if (target.protocol === 'https:') {
    return new (class extends https.Agent {
      override createConnection(...args: Parameters<https.Agent['createConnection']>): Duplex {
        return watch.wrap(super.createConnection(...args) as Duplex)
      }
    })()
  }
  return new (class extends http.Agent {
    override createConnection(...args: Parameters<http.Agent['createConnection']>): Duplex {
      return watch.wrap(super.createConnection(...args) as Duplex)
    }
  })()
}
