import { describe, expect, it } from 'vitest'
import { REDACTED, redactBody, redactHeaderList, redactHeaderRecord, redactUrl } from './redact'

describe('redaction for exports', () => {
  it('hides credential headers by name, whatever their case, and keeps the rest', () => {
    expect(
      redactHeaderList([
        { name: 'Authorization', value: 'Bearer sk-live-123456' },
        { name: 'X-API-Key', value: 'abc' },
        { name: 'cookie', value: 'sid=1' },
        { name: 'Accept-Language', value: 'en' }
      ])
    ).toEqual([
      { name: 'Authorization', value: REDACTED },
      { name: 'X-API-Key', value: REDACTED },
      { name: 'cookie', value: REDACTED },
      { name: 'Accept-Language', value: 'en' }
    ])
    expect(redactHeaderRecord({ 'set-cookie': 'sid=2; HttpOnly', 'content-type': 'text/event-stream' })).toEqual({
      'set-cookie': REDACTED,
      'content-type': 'text/event-stream'
    })
  })

  it('hides a URL password and credential-like query values, keeping everything else as typed', () => {
    expect(redactUrl('https://user:hunter2@api.example.com/v1/stream?access_token=abc&model=x&sig=zz&sig=yy')).toBe(
      'https://user:%5Bredacted%5D@api.example.com/v1/stream?access_token=%5Bredacted%5D&model=x&sig=%5Bredacted%5D&sig=%5Bredacted%5D'
    )
    expect(redactUrl('https://api.example.com/stream?API_KEY=1&author=me')).toBe('https://api.example.com/stream?API_KEY=%5Bredacted%5D&author=me')
    // Nothing secret: the exact text survives, without URL's normalisation.
    expect(redactUrl('HTTP://Example.com:80/a/../b?q=1')).toBe('HTTP://Example.com:80/a/../b?q=1')
    expect(redactUrl('not a url ?token=1')).toBe('not a url ?token=1')
  })

  it('hides credential-named string fields in JSON bodies at any depth, not settings or other text', () => {
    const body = JSON.stringify({ model: 'm', max_tokens: 512, author: 'ann', auth: { api_key: 'k-1', client_secret: 's' }, list: [{ password: 'p' }] })
    expect(JSON.parse(redactBody(body))).toEqual({
      model: 'm',
      max_tokens: 512,
      author: 'ann',
      auth: { api_key: REDACTED, client_secret: REDACTED },
      list: [{ password: REDACTED }]
    })
    expect(redactBody('{"model":"m","stream":true}')).toBe('{"model":"m","stream":true}')
    expect(redactBody('token=abc')).toBe('token=abc')
  })

  it('drops a JSON body too deep to check rather than risk leaking it', () => {
    const deep = '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000)
    let parses = true
    try {
      JSON.parse(deep)
    } catch {
      parses = false
    }
    // Either way nothing of it leaks: unparseable text passes as text only if it is not JSON.
    const out = redactBody(deep)
    if (parses) expect(out).toMatch(/^\[redacted\] \(a JSON body too deeply nested/)
    else expect(out).toBe(deep)
  })
})
