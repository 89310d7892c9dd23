import { describe, expect, it } from 'vitest'
import { isLoopbackAddress } from './control-endpoint'
import { hostHeaderName, isLoopbackHost } from './loopback'

describe('loopback checks', () => {
  it('accepts only this machine as a remote address', () => {
    for (const a of ['127.0.0.1', '127.5.6.7', '::1', '::ffff:127.0.0.1', '[::1]']) expect(isLoopbackAddress(a)).toBe(true)
    for (const a of ['10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', 'fe80::1', '0.0.0.0', '', undefined, '127.0.0.1.evil.com']) {
      expect(isLoopbackAddress(a)).toBe(false)
    }
  })

  it('knows loopback host names, and reads them out of Host headers', () => {
    for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '::1']) expect(isLoopbackHost(h)).toBe(true)
    for (const h of ['0.0.0.0', 'example.com', 'localhost.evil.com', '::']) expect(isLoopbackHost(h)).toBe(false)
    expect(hostHeaderName('127.0.0.1:8844')).toBe('127.0.0.1')
    expect(hostHeaderName('[::1]:8844')).toBe('::1')
    expect(hostHeaderName('localhost')).toBe('localhost')
  })
})
