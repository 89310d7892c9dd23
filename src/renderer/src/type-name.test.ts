import { describe, expect, it } from 'vitest'
import { splitTypeName } from './type-name'

describe('splitTypeName', () => {
  it('keeps the part that tells LLM event types apart', () => {
    expect(splitTypeName('content_block_delta')).toEqual({ head: 'content', tail: '_block_delta' })
    expect(splitTypeName('response.output_text.delta')).toEqual({ head: 'response.output', tail: '_text.delta' })
    expect(splitTypeName('response.function_call_arguments.delta')).toEqual({
      head: 'response.function_call',
      tail: '_arguments.delta'
    })
  })
  it('leaves short names whole and cuts long unsplittable ones near the end', () => {
    expect(splitTypeName('message_stop')).toEqual({ head: 'message_stop', tail: '' })
    expect(splitTypeName('x'.repeat(30))).toEqual({ head: 'x'.repeat(22), tail: 'x'.repeat(8) })
  })
  it('always joins back to the whole name', () => {
    for (const type of ['a', '日本語のイベント名前がとても長い場合', 'a.b', 'response.reasoning_summary_text.delta', '.hidden_']) {
      const { head, tail } = splitTypeName(type)
      expect(head + tail).toBe(type)
    }
  })
})
