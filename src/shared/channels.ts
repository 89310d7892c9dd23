/**
 * Channel names alone, without schemas, so the sandboxed preload can allow-list them
 * without bundling the validation library.
 */
export const INVOKE_CHANNELS = [
  'app:info',
  'connection:open',
  'connection:close',
  'connection:list',
  'event:data',
  'server:status',
  'server:start',
  'server:stop',
  'server:configure',
  'server:inject',
  'endpoints:list',
  'endpoints:save',
  'endpoints:remove'
] as const
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number]

/** `push:gap`: the transport fell behind (a busy tab or window) and says how much it dropped. */
export const PUSH_CHANNELS = ['frames', 'server:status', 'connection:state', 'push:gap'] as const
export type PushChannel = (typeof PUSH_CHANNELS)[number]

/**
 * Desktop only, preload to main, outside the contract: the id of each push the renderer has
 * taken in, so main can tell a window that has fallen behind (see src/main/core/push-backlog.ts).
 */
export const PUSH_ACK_CHANNEL = 'push:ack'

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value)
}

export function isPushChannel(value: unknown): value is PushChannel {
  return typeof value === 'string' && (PUSH_CHANNELS as readonly string[]).includes(value)
}
