import { beforeEach, describe, expect, it } from 'vitest'
import type { RequestDraft } from '../components/RequestEditor'
import { defaultPolicyFor, resetRepeatWarning, takeRepeatWarning, withMethod } from './llm-request'

const draft: RequestDraft = { url: 'http://x', method: 'GET', headers: [], body: '', reconnect: 'spec', proxy: '', insecure: false }

beforeEach(resetRepeatWarning)

describe('reconnect policy by method', () => {
  it('is off for anything but GET until the user picks one', () => {
    expect(defaultPolicyFor('GET')).toBe('spec')
    expect(defaultPolicyFor('post')).toBe('off')
    expect(withMethod(draft, 'POST', false).reconnect).toBe('off')
    expect(withMethod({ ...draft, method: 'POST', reconnect: 'off' }, 'GET', false).reconnect).toBe('spec')
    expect(withMethod({ ...draft, reconnect: 'backoff' }, 'POST', true).reconnect).toBe('backoff')
  })

  it('warns once that reconnecting repeats a non-GET request', () => {
    expect(takeRepeatWarning('GET', 'spec')).toBe(false)
    expect(takeRepeatWarning('POST', 'off')).toBe(false)
    expect(takeRepeatWarning('POST', 'spec')).toBe(true)
    expect(takeRepeatWarning('POST', 'backoff')).toBe(false)
  })
})
