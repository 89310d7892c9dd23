/**
 * Browser mode's access key (the token `sse-inspector web` prints), kept by the tab that was
 * given it. It arrives in the URL fragment (`/#token=…`), which is never sent to any server,
 * and moves to sessionStorage, which belongs to this tab and this origin (scheme, host and
 * port) alone: a reload finds it again, another port on 127.0.0.1 never sees it, and it goes
 * when the tab closes. Not a cookie, because cookies ignore ports (RFC 6265 §8.5) and would be
 * sent to every other local service. A second tab gets the key from the printed URL again.
 */
export const ACCESS_KEY_STORAGE = 'sse-inspector:access-key'

/** What the key handling needs of the page; `window` in the app, stand-ins in tests. */
export interface KeyPlace {
  location: { hash: string; pathname: string; search: string }
  history: { replaceState: (data: unknown, unused: string, url: string) => void }
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>
}

/**
 * Takes the key from the fragment if there is one (and removes it from the address bar and
 * history), else from this tab's storage. Null when the tab was never given it.
 */
export function takeAccessKey(place: KeyPlace): string | null {
  const fromFragment = new URLSearchParams(place.location.hash.replace(/^#/, '')).get('token')
  if (fromFragment) {
    place.sessionStorage.setItem(ACCESS_KEY_STORAGE, fromFragment)
    place.history.replaceState(null, '', place.location.pathname + place.location.search)
    return fromFragment
  }
  return place.sessionStorage.getItem(ACCESS_KEY_STORAGE)
}
