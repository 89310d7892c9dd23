import { createParser, type EventSourceMessage } from 'eventsource-parser'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeComment, encodeEvent, encodeRetry } from './sse-format'

function parse(wire: string): EventSourceMessage[] {
  const out: EventSourceMessage[] = []
  createParser({ onEvent: (e) => out.push(e) }).feed(wire)
  return out
}

describe('encodeEvent', () => {
  it('writes id, event and data fields, ending with a blank line', () => {
    expect(encodeEvent({ id: 7, event: 'tick', data: 'hello' })).toBe('id: 7\nevent: tick\ndata: hello\n\n')
    expect(encodeEvent({ data: 'plain' })).toBe('data: plain\n\n')
  })

  it('splits data on CR, LF and CRLF into one data line each', () => {
    expect(encodeEvent({ data: 'a\nb\rc\r\nd' })).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n')
    expect(encodeEvent({ data: 'end\n' })).toBe('data: end\ndata: \n\n')
    expect(encodeEvent({ data: '' })).toBe('data: \n\n')
  })

  it('never lets a payload break the framing: any data parses back as one event (line breaks normalised)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', ':', '\n', '\r', 'é', 'data: x', 'id: 9') }), (data) => {
        const events = parse(encodeEvent({ id: 1, event: 'e', data }))
        expect(events).toEqual([{ id: '1', event: 'e', data: data.replace(/\r\n|\r/g, '\n') }])
      })
    )
  })
})

describe('comments and retry', () => {
  it('writes comments as colon lines, one per line of text', () => {
    expect(encodeComment('heartbeat')).toBe(': heartbeat\n\n')
    expect(encodeComment('a\nb')).toBe(': a\n: b\n\n')
    expect(parse(`${encodeComment('x\ndata: sneaky')}data: real\n\n`)).toEqual([{ data: 'real', event: undefined, id: undefined }])
  })

  it('writes retry as a field that dispatches nothing', () => {
    expect(encodeRetry(2000)).toBe('retry: 2000\n\n')
    expect(parse(encodeRetry(2000))).toEqual([])
  })
})
