import { describe, expect, it } from 'vitest'
import { foldFrame, newConnectionView } from './connection-view'

const base = { connectionId: 'c', time: 0 }

describe('foldFrame completed', () => {
  it('marks a close after a completed answer, and forgets it when a new attempt starts', () => {
    const open = newConnectionView({ connectionId: 'c', url: 'http://x', method: 'POST', state: 'open' })
    const closed = foldFrame(open, { ...base, kind: 'close', reason: 'The answer completed', completed: true })
    expect(closed).toMatchObject({ state: 'closed', completed: true, lastError: null })
    const again = foldFrame(closed, { ...base, kind: 'connecting', url: 'http://x', method: 'POST', attempt: 0 })
    expect(again.completed).toBe(false)
  })

  it('leaves a close without the marker uncompleted', () => {
    const open = newConnectionView({ connectionId: 'c', url: 'http://x', method: 'GET', state: 'open' })
    expect(foldFrame(open, { ...base, kind: 'close', reason: 'Closed by the user' }).completed).toBe(false)
  })
})
