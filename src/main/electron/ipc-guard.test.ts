import { describe, expect, it } from 'vitest'
import type { InvokeChannel } from '../../shared/channels'
import type { CallOutcome } from '../../shared/contract'
import { answerIpcCall, isTrustedSender, type IpcSender } from './ipc-guard'
import { isOwnRendererUrl } from './renderer-location'

const ownContents = { id: 1 }
const otherContents = { id: 2 }
const own = (url: string): boolean => isOwnRendererUrl(url, undefined)
const top = (url = 'app://renderer/index.html') => ({ parent: null, url })

describe('IPC sender checks', () => {
  it('trusts only our window, its top frame, at our own renderer URL', () => {
    expect(isTrustedSender({ sender: ownContents, senderFrame: top() }, ownContents, own)).toBe(true)
    const refused: IpcSender[] = [
      { sender: otherContents, senderFrame: top() },
      { sender: ownContents, senderFrame: null },
      { sender: ownContents, senderFrame: { parent: top(), url: 'app://renderer/index.html' } },
      { sender: ownContents, senderFrame: top('https://evil.example/') },
      { sender: ownContents, senderFrame: top('file:///work/out/renderer/index.html') },
      { sender: ownContents, senderFrame: top('app://other/index.html') }
    ]
    for (const event of refused) expect(isTrustedSender(event, ownContents, own)).toBe(false)
  })

  it('answers a trusted call through the router and refuses the rest without calling it', async () => {
    const calls: [InvokeChannel, unknown][] = []
    const router = {
      call: (channel: InvokeChannel, request: unknown): Promise<CallOutcome<unknown>> => {
        calls.push([channel, request])
        return Promise.resolve({ ok: true, result: 'answered' })
      }
    }
    const trusted = (event: IpcSender): boolean => isTrustedSender(event, ownContents, own)
    const good = { sender: ownContents, senderFrame: top() }
    expect(await answerIpcCall(router, 'app:info', good, { a: 1 }, trusted)).toEqual({ ok: true, result: 'answered' })
    const foreign = await answerIpcCall(router, 'app:info', { sender: ownContents, senderFrame: top('https://x.example/') }, {}, trusted)
    expect(foreign).toEqual({ ok: false, error: { message: expect.stringMatching(/did not come from the inspector window/) } })
    const unknown = await answerIpcCall(router, 'shell:exec', good, {}, trusted)
    expect(unknown).toEqual({ ok: false, error: { message: 'Unknown call: shell:exec' } })
    expect(calls).toEqual([['app:info', { a: 1 }]])
  })
})
