import type { Frame, FrameKind } from '../../../shared/frames'

/** The chips in the kind filter: what users think in, not the nine frame kinds. */
export const KIND_GROUPS = ['events', 'lifecycle', 'comments', 'diagnostics'] as const
export type KindGroup = (typeof KIND_GROUPS)[number]

const GROUP_OF: Record<FrameKind, KindGroup> = {
  event: 'events',
  comment: 'comments',
  diagnostic: 'diagnostics',
  error: 'diagnostics',
  connecting: 'lifecycle',
  open: 'lifecycle',
  retry: 'lifecycle',
  reconnect: 'lifecycle',
  close: 'lifecycle'
}

export function kindGroup(kind: FrameKind): KindGroup {
  return GROUP_OF[kind]
}

export interface FrameFilter {
  /** Event types to show; empty shows every type. Only events are filtered by type. */
  types: readonly string[]
  /** Kind groups to hide. */
  hiddenGroups: readonly KindGroup[]
  text: string
  regex: boolean
}

export const EMPTY_FILTER: FrameFilter = { types: [], hiddenGroups: [], text: '', regex: false }

export type Matcher = (frame: Frame) => boolean

/** Compiles a filter once; an invalid regex is reported, not thrown, and matches nothing. */
export function compileFilter(filter: FrameFilter): { match: Matcher; error: string | null } {
  const types = filter.types.length > 0 ? new Set(filter.types) : null
  const hidden = new Set(filter.hiddenGroups)
  let test: ((text: string) => boolean) | null = null
  let error: string | null = null
  if (filter.text !== '') {
    if (filter.regex) {
      try {
        // Multiline, so ^ and $ anchor to each line of the data as users expect.
        const re = new RegExp(filter.text, 'im')
        test = (text) => re.test(text)
      } catch (err) {
        error = `Invalid regular expression: ${(err as Error).message}`
        test = () => false
      }
    } else {
      const needle = filter.text.toLowerCase()
      test = (text) => text.toLowerCase().includes(needle)
    }
  }
  const match: Matcher = (frame) => {
    if (hidden.has(GROUP_OF[frame.kind])) return false
    if (types && frame.kind === 'event' && !types.has(frame.type)) return false
    return test === null || test(searchableText(frame))
  }
  return { match, error }
}

function searchableText(frame: Frame): string {
  switch (frame.kind) {
    case 'event':
      return frame.id === undefined ? `${frame.type}\n${frame.data}` : `${frame.type}\n${frame.id}\n${frame.data}`
    case 'comment':
      return frame.text
    case 'diagnostic':
      return `${frame.code}\n${frame.message}`
    case 'error':
      return frame.message
    case 'close':
      return frame.reason
    case 'connecting':
    case 'open':
      return frame.url
    default:
      return ''
  }
}

export function isFilterActive(filter: FrameFilter): boolean {
  return filter.types.length > 0 || filter.hiddenGroups.length > 0 || filter.text !== ''
}
