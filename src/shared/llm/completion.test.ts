import { describe, expect, it } from 'vitest'
import { CompletionTracker } from './completion'
import aiSdk from './fixtures/ai-sdk.sse?raw'
import anthropicError from './fixtures/anthropic-error.sse?raw'
import anthropic from './fixtures/anthropic.sse?raw'
import gemini from './fixtures/gemini.sse?raw'
import openAiChat from './fixtures/openai-chat.sse?raw'
import responsesFailed from './fixtures/openai-responses-failed.sse?raw'
import responses from './fixtures/openai-responses.sse?raw'
import { splitEvents } from './fixtures/split-events'

/** What the tracker says after each event: the index of the event that ended the answer, and how. */
function track(text: string) {
  const tracker = new CompletionTracker()
  let at: number | null = null
  for (const event of splitEvents(text)) {
    tracker.observe(event.type, event.data)
    if (tracker.ended && at === null) at = event.index
  }
  return { at, ended: tracker.ended, events: splitEvents(text).length }
}

describe('CompletionTracker', () => {
  it.each([
    ['OpenAI Chat', openAiChat, '[DONE]'],
    ['Anthropic', anthropic, 'message_stop'],
    ['OpenAI Responses', responses, 'response.completed'],
    ['Gemini', gemini, 'finishReason STOP'],
    ['AI SDK', aiSdk, 'finish']
  ])('%s: the answer ends at its completion marker', (_name, text, marker) => {
    const { at, ended, events } = track(text)
    expect(ended).toEqual({ outcome: 'completed', marker })
    // The marker is the last event (AI SDK: finish, just before [DONE]).
    expect(at).toBe(marker === 'finish' ? events - 2 : events - 1)
  })

  it('response.failed ends the answer as failed; an Anthropic stream cut by an error has not completed', () => {
    expect(track(responsesFailed).ended).toEqual({ outcome: 'failed', marker: 'response.failed' })
    expect(track(anthropicError).ended).toBeNull()
  })

  it('an OpenAI finish_reason alone is not the end: the usage chunk and [DONE] follow', () => {
    const tracker = new CompletionTracker()
    tracker.observe('message', '{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}')
    expect(tracker.ended).toBeNull()
  })

  it('a plain stream never completes, and an undetected one still completes on [DONE]', () => {
    const tracker = new CompletionTracker()
    for (let i = 0; i < 100; i++) tracker.observe('message', JSON.stringify({ type: 'tick', finishReason: 'no' }))
    expect(tracker.ended).toBeNull()
    tracker.observe('message', '[DONE]')
    expect(tracker.ended).toEqual({ outcome: 'completed', marker: '[DONE]' })
  })

  it('a Gemini chunk completes only when every candidate has finished', () => {
    const tracker = new CompletionTracker()
    tracker.observe('message', '{"candidates":[{"index":0,"finishReason":"STOP"},{"index":1}]}')
    expect(tracker.ended).toBeNull()
    tracker.observe('message', '{"candidates":[{"index":1,"finishReason":"MAX_TOKENS"}]}')
    expect(tracker.ended).toEqual({ outcome: 'completed', marker: 'finishReason MAX_TOKENS' })
  })
})
