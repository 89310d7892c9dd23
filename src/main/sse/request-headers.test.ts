import { describe, expect, it } from 'vitest'
import { headersForDisplay } from './request-headers'

describe('headersForDisplay', () => {
  it('masks every credential header the secret rule names in the connecting frame, and keeps the rest', () => {
    const shown = headersForDisplay(
      'https://api.example/s',
      {
        'ocp-apim-subscription-key': 'apim-subscription-key-0001',
        'x-functions-key': 'functions-key-value-0002',
        jwt: 'eyJhbGciOiJIUzI1NiJ9.jwt',
        'x-access-key': 'short-key',
        accept: 'text/event-stream'
      },
      undefined
    )
    expect(shown).toEqual({
      host: 'api.example',
      'ocp-apim-subscription-key': '••••••••0001',
      'x-functions-key': '••••••••0002',
      jwt: '••••••••.jwt',
      'x-access-key': '••••••••',
      accept: 'text/event-stream'
    })
  })
})
