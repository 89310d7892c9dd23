import { describe, expect, it } from 'vitest'
import { REDACTED, redactBody, redactHeaderList, redactHeaderRecord, redactUrl, redactUrlsIn } from './redact'

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

  it('hides URL credentials and credential-like query values, keeping everything else as typed', () => {
    expect(redactUrl('https://user:hunter2@api.example.com/v1/stream?access_token=abc&model=x&sig=zz&sig=yy')).toBe(
      'https://%5Bredacted%5D:%5Bredacted%5D@api.example.com/v1/stream?access_token=%5Bredacted%5D&model=x&sig=%5Bredacted%5D&sig=%5Bredacted%5D'
    )
    // A token as the user name alone, as GitHub and others accept.
    expect(redactUrl('https://ghp_abcdef123456@api.example.com/x')).toBe('https://%5Bredacted%5D@api.example.com/x')
    expect(redactUrl('https://api.example.com/stream?API_KEY=1&author=me')).toBe(
      'https://api.example.com/stream?API_KEY=%5Bredacted%5D&author=me'
    )
    // Nothing secret: the exact text survives, without URL's normalisation.
    expect(redactUrl('HTTP://Example.com:80/a/../b?q=1')).toBe('HTTP://Example.com:80/a/../b?q=1')
    expect(redactUrl('not a url ?token=1')).toBe('not a url ?token=1')
  })

  it('hides credential-named fields in JSON bodies at any depth, whole objects included, not settings', () => {
    const body = JSON.stringify({
      model: 'm',
      max_tokens: 512,
      author: 'ann',
      auth: { user: 'a', pass: 'b' },
      config: { api_key: 'k-1', pin: { password: 123456 }, stream: true },
      list: [{ password: 'p' }]
    })
    expect(JSON.parse(redactBody(body))).toEqual({
      model: 'm',
      max_tokens: 512,
      author: 'ann',
      auth: REDACTED,
      config: { api_key: REDACTED, pin: { password: REDACTED }, stream: true },
      list: [{ password: REDACTED }]
    })
    expect(redactBody('{"model":"m","stream":true}')).toBe('{"model":"m","stream":true}')
  })

  it('hides credential fields of a form-encoded body and leaves other text alone', () => {
    expect(redactBody('grant_type=password&username=ann&password=hunter2&client_secret=s%2B1')).toBe(
      'grant_type=password&username=ann&password=%5Bredacted%5D&client_secret=%5Bredacted%5D'
    )
    expect(redactBody('grant_type=client_credentials&scope=read')).toBe('grant_type=client_credentials&scope=read')
    expect(redactBody('hello, how are you')).toBe('hello, how are you')
  })

  it('hides the value after a credential name in a body that is neither JSON nor a form', () => {
    expect(redactBody('model: m\napi_key: sk-yaml-123456\nmax_tokens: 50\n')).toBe(`model: m\napi_key: ${REDACTED}\nmax_tokens: 50\n`)
    expect(redactBody('{"x_functions_key": "fk-123456", broken')).toBe(`{"x_functions_key": "${REDACTED}", broken`)
    expect(redactBody('hello token=abc, how are you')).toBe(`hello token=${REDACTED}, how are you`)
  })

  it('hides secrets in a fragment (#access_token=) and ?jwt=, and credential-named headers of every API', () => {
    expect(redactUrl('https://app.example/cb#access_token=at-123456&state=s')).toBe(
      `https://app.example/cb#access_token=%5Bredacted%5D&state=s`
    )
    expect(redactUrl('https://api.example/s?jwt=eyJhbGciOi.x.y&model=m')).toBe('https://api.example/s?jwt=%5Bredacted%5D&model=m')
    expect(redactUrl('https://api.example/s#section-2')).toBe('https://api.example/s#section-2')
    const headers = ['Ocp-Apim-Subscription-Key', 'X-Functions-Key', 'X-Access-Key', 'JWT', 'x-api-key', 'Private-Token']
    expect(redactHeaderList(headers.map((name) => ({ name, value: 'v' }))).map((h) => h.value)).toEqual(headers.map(() => REDACTED))
    expect(redactHeaderList([{ name: 'Keep-Alive', value: 'timeout=5' }])).toEqual([{ name: 'Keep-Alive', value: 'timeout=5' }])
  })

  it('redacts URLs quoted inside free text, such as a redirect target in an error', () => {
    expect(redactUrlsIn('Too many redirects; last one pointed to https://idp.example/cb?code=xyz&state=1. Check it.')).toBe(
      'Too many redirects; last one pointed to https://idp.example/cb?code=%5Bredacted%5D&state=1. Check it.'
    )
    expect(redactUrlsIn('no URL here')).toBe('no URL here')
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
