import type { RequestDraft } from '../RequestEditor'

/** Where an OpenAI-compatible server is assumed until the user types another (Ollama's default). */
export const DEFAULT_COMPATIBLE_BASE = 'http://localhost:11434/v1'

export type PresetId = 'openai' | 'anthropic' | 'gemini' | 'openai-compatible'

export interface LlmPreset {
  id: PresetId
  label: string
  /** Where the key goes, said after the preset is applied (its header is left empty). */
  keyHint: string
}

const PROMPT = 'Explain server-sent events in two sentences.'
const json = (value: unknown): string => JSON.stringify(value, null, 2)

export const LLM_PRESETS: readonly LlmPreset[] = [
  { id: 'openai', label: 'OpenAI', keyHint: 'Paste your key into Authorization as "Bearer sk-…".' },
  { id: 'anthropic', label: 'Anthropic', keyHint: 'Paste your key into x-api-key.' },
  { id: 'gemini', label: 'Gemini', keyHint: 'Paste your key into x-goog-api-key.' },
  {
    id: 'openai-compatible',
    label: 'OpenAI-compatible',
    keyHint: 'Local servers usually need no key; hosted ones take "Bearer …" in Authorization (remove it if unused).'
  }
]

/**
 * The streaming request each provider documents, ready to edit: method, URL, headers (the key
 * header present, secret, and empty) and a body asking for a stream. Reconnection is off: a
 * reconnect would send the POST again and re-run the answer.
 * Sources: OpenAI Chat Completions (`stream`, `stream_options.include_usage`), Anthropic
 * Messages (`x-api-key`, `anthropic-version: 2023-06-01`, `stream`), Gemini
 * `models/{model}:streamGenerateContent?alt=sse` with `x-goog-api-key`.
 *
 * @param baseUrl the server's base URL for `openai-compatible` (`…/v1`), others ignore it
 */
/** What a preset sets; the rest of the draft (proxy, TLS, limits) stays as the user had it. */
export type PresetRequest = Pick<RequestDraft, 'method' | 'url' | 'headers' | 'body' | 'reconnect'>

export function presetDraft(id: PresetId, baseUrl = DEFAULT_COMPATIBLE_BASE): PresetRequest {
  const chat = (model: string): string =>
    json({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: PROMPT }] })
  switch (id) {
    case 'openai':
      return {
        method: 'POST',
        url: 'https://api.openai.com/v1/chat/completions',
        headers: [{ name: 'Authorization', value: '' }],
        body: chat('gpt-4o-mini'),
        reconnect: 'off'
      }
    case 'anthropic':
      return {
        method: 'POST',
        url: 'https://api.anthropic.com/v1/messages',
        headers: [
          { name: 'x-api-key', value: '' },
          { name: 'anthropic-version', value: '2023-06-01' }
        ],
        body: json({ model: 'claude-sonnet-4-5', max_tokens: 1024, stream: true, messages: [{ role: 'user', content: PROMPT }] }),
        reconnect: 'off'
      }
    case 'gemini':
      return {
        method: 'POST',
        url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
        headers: [{ name: 'x-goog-api-key', value: '' }],
        body: json({ contents: [{ role: 'user', parts: [{ text: PROMPT }] }] }),
        reconnect: 'off'
      }
    case 'openai-compatible':
      return {
        method: 'POST',
        url: `${baseUrl.trim().replace(/\/+$/, '')}/chat/completions`,
        headers: [{ name: 'Authorization', value: '' }],
        body: chat('llama3.2'),
        reconnect: 'off'
      }
  }
}
