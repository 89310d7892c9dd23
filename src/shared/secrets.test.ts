import { describe, expect, it } from 'vitest'
import { isSecretHeader, maskSecret } from './secrets'

describe('secrets', () => {
  it('recognizes credential headers by name', () => {
    for (const name of ['Authorization', 'cookie', 'X-API-Key', 'x-auth-token', 'X-Session-Id', 'Proxy-Authorization', 'api_key']) {
      expect(isSecretHeader(name), name).toBe(true)
    }
    for (const name of ['Ocp-Apim-Subscription-Key', 'X-Functions-Key', 'X-Access-Key', 'JWT', 'Private-Token', 'X-Goog-Api-Key']) {
      expect(isSecretHeader(name), name).toBe(true)
    }
    for (const name of ['Accept', 'Content-Type', 'X-Request-Id', 'Last-Event-ID', 'Keep-Alive', 'Keyboard']) {
      expect(isSecretHeader(name), name).toBe(false)
    }
  })

  it('masks all but a scheme and the last characters', () => {
    expect(maskSecret('Bearer sk-live-1234567890abcd')).toBe('Bearer ••••••••abcd')
    expect(maskSecret('short')).toBe('•••••')
    // Short tokens show no characters at all: four of twelve is a third of the secret.
    expect(maskSecret('abcdefgh1234')).toBe('••••••••')
    expect(maskSecret('Bearer sk-live-1234567890abcd')).not.toContain('sk-live')
  })
})
