import { describe, expect, it } from 'vitest'
import type { Frame } from '../../../shared/frames'
import { FilteredView } from './filtered-view'
import { compileFilter, EMPTY_FILTER } from './frame-filter'
import { FrameLog } from './frame-log'

const event = (n: number, type = 'message', data = `d${n}`): Frame => ({
  kind: 'event',
  type,
  data,
  lastEventId: '',
  connectionId: 'c',
  time: n
})

function appendTo(log: FrameLog, view: FilteredView, frames: Frame[]): void {
  const first = log.total
  log.append(frames)
  view.append(frames, first)
}

describe('FilteredView', () => {
  it('keeps only matching frames, by type, kind group and text', () => {
    const log = new FrameLog(100)
    const view = new FilteredView(log, compileFilter({ ...EMPTY_FILTER, types: ['tick'] }).match)
    const frames: Frame[] = [
      event(0, 'tick'),
      event(1, 'tock'),
      { kind: 'comment', text: 'hi', connectionId: 'c', time: 2 },
      event(3, 'tick')
    ]
    appendTo(log, view, frames)
    expect([view.start, view.end]).toEqual([0, 3])
    expect([0, 1, 2].map((p) => view.seqAt(p))).toEqual([0, 2, 3])

    view.setMatcher(compileFilter({ ...EMPTY_FILTER, hiddenGroups: ['comments'], text: 'D3' }).match)
    expect([view.start, view.end]).toEqual([0, 1])
    expect(view.frameAt(0)).toMatchObject({ type: 'tick', data: 'd3' })
  })

  it('keeps absolute positions while the log drops old frames', () => {
    const log = new FrameLog(4)
    const view = new FilteredView(log)
    appendTo(
      log,
      view,
      [0, 1, 2, 3].map((n) => event(n))
    )
    appendTo(
      log,
      view,
      [4, 5].map((n) => event(n))
    )
    expect([view.start, view.end]).toEqual([2, 6])
    expect(view.seqAt(1)).toBeUndefined()
    expect(view.frameAt(5)).toMatchObject({ data: 'd5' })
    expect(view.positionOf(4)).toBe(4)
    expect(view.positionOf(1)).toBe(-1)
    expect(view.positionAtTime(3.5)).toBe(4)
  })

  it('compacts after many drops without losing its place', () => {
    const log = new FrameLog(100)
    const view = new FilteredView(log)
    for (let batch = 0; batch < 200; batch++) {
      appendTo(
        log,
        view,
        Array.from({ length: 50 }, (_, i) => event(batch * 50 + i))
      )
    }
    expect([view.start, view.end]).toEqual([9900, 10000])
    expect(view.frameAt(9950)).toMatchObject({ data: 'd9950' })
  })

  it('reports an invalid regex instead of throwing, and matches nothing', () => {
    const { match, error } = compileFilter({ ...EMPTY_FILTER, text: '(', regex: true })
    expect(error).toMatch(/Invalid regular expression/)
    expect(match(event(1))).toBe(false)
    expect(compileFilter({ ...EMPTY_FILTER, text: '^d\\d$', regex: true }).match(event(7))).toBe(true)
  })
})
