import { afterEach, describe, expect, it } from 'vitest'
import { clientHarness } from '../testing/client-harness'
import { SSE_HEADERS } from '../testing/local-server'
import { defaultBodyContentType } from './request-body'

const { serve, run, cleanup } = clientHarness()
afterEach(cleanup)

describe('defaultBodyContentType', () => {
  it('labels JSON objects and arrays, and nothing else', () => {
    expect(defaultBodyContentType('{"model":"m","stream":true}')).toBe('application/json')
    expect(defaultBodyContentType('  [1, 2]\n')).toBe('application/json')
    expect(defaultBodyContentType('{"model": ')).toBeNull()
    expect(defaultBodyContentType('a=1&b=2')).toBeNull()
    expect(defaultBodyContentType('"just a string"')).toBeNull()
    expect(defaultBodyContentType(undefined)).toBeNull()
  })
})

describe('SseClient request body', () => {
  async function sentContentType(headers: Array<{ name: string; value: string }>, body: string): Promise<string | undefined> {
    const server = await serve((req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(200, SSE_HEADERS)
        res.write('data: ok\n\n')
      })
    })
    const { until } = run({ url: server.url, method: 'POST', headers, body })
    await until((f) => f.some((x) => x.kind === 'event'))
    return server.requests[0]?.headers['content-type']
  }

  it('sends a JSON body as application/json when the user set no Content-Type', async () => {
    expect(await sentContentType([], '{"model":"gpt-4o-mini","stream":true}')).toBe('application/json')
  })

  it('keeps the Content-Type the user set, whatever its case', async () => {
    expect(await sentContentType([{ name: 'content-TYPE', value: 'text/plain' }], '{"a":1}')).toBe('text/plain')
  })

  it('adds nothing to a body that is not JSON', async () => {
    expect(await sentContentType([], 'prompt=hi')).toBeUndefined()
  })
})
