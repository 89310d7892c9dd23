import { describe, expect, it } from 'vitest'
import { isSecretHeader } from '../../../../shared/secrets'
import { LLM_PRESETS, presetDraft } from './llm-presets'

describe('presetDraft', () => {
  it('gives every provider a streaming POST with its key header secret and empty, and no reconnection', () => {
    for (const { id } of LLM_PRESETS) {
      const draft = presetDraft(id)
      expect(draft.method).toBe('POST')
      expect(draft.reconnect).toBe('off')
      expect(() => new URL(draft.url)).not.toThrow()
      const key = draft.headers[0]!
      expect(isSecretHeader(key.name)).toBe(true)
      expect(key.value).toBe('')
      const body = JSON.parse(draft.body) as Record<string, unknown>
      expect(typeof body).toBe('object')
      if (id !== 'gemini') expect(body['stream']).toBe(true)
    }
    expect(presetDraft('gemini').url).toContain(':streamGenerateContent?alt=sse')
    expect(presetDraft('anthropic').headers).toContainEqual({ name: 'anthropic-version', value: '2023-06-01' })
  })

  it('builds the OpenAI-compatible URL from the base URL the user typed', () => {
    expect(presetDraft('openai-compatible', 'http://127.0.0.1:8080/v1/').url).toBe('http://127.0.0.1:8080/v1/chat/completions')
  })
})
