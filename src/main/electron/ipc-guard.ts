import { isInvokeChannel, type InvokeChannel } from '../../shared/channels'
import type { CallOutcome } from '../../shared/contract'

/** What an IPC event says about who sent it (the part of Electron's IpcMainEvent used here). */
export interface IpcSender {
  sender: unknown
  senderFrame: { parent: unknown; url: string } | null
}

/**
 * True only for our own window's web contents, its top frame, at our own renderer URL: a
 * subframe, another window, or the window after navigating elsewhere gets nothing (Electron
 * security checklist, item 17: validate the sender of all IPC messages).
 */
export function isTrustedSender(event: IpcSender, ownContents: unknown, isTrustedUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame
  return event.sender === ownContents && frame !== null && frame.parent === null && isTrustedUrl(frame.url)
}

/**
 * Answers one IPC call: a refusal for an untrusted sender or an unknown channel, else the
 * router's outcome (which validates the request against the contract's schema).
 */
export async function answerIpcCall(
  router: { call: (channel: InvokeChannel, request: unknown) => Promise<CallOutcome<unknown>> },
  channel: string,
  event: IpcSender,
  request: unknown,
  trusted: (event: IpcSender) => boolean
): Promise<CallOutcome<unknown>> {
  if (!trusted(event)) return { ok: false, error: { message: 'Refused: the call did not come from the inspector window.' } }
  if (!isInvokeChannel(channel)) return { ok: false, error: { message: `Unknown call: ${channel}` } }
  return router.call(channel, request)
}
