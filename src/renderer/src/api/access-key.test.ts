import { describe, expect, it } from 'vitest'
import { ACCESS_KEY_STORAGE, takeAccessKey, type KeyPlace } from './access-key'

function tab(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored === null ? [] : [[ACCESS_KEY_STORAGE, stored]])
  const replaced: string[] = []
  const place: KeyPlace = {
    location: { hash, pathname: '/', search: '' },
    history: { replaceState: (_data, _unused, url) => replaced.push(url) },
    sessionStorage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) }
  }
  return { place, storage, replaced }
}

describe('the browser-mode access key', () => {
  it('takes the key from the printed URL fragment, keeps it in the tab, and clears the address bar', () => {
    const { place, storage, replaced } = tab('#token=abc-123')
    expect(takeAccessKey(place)).toBe('abc-123')
    expect(storage.get(ACCESS_KEY_STORAGE)).toBe('abc-123')
    expect(replaced).toEqual(['/'])
  })

  it('finds it again after a reload, from the tab storage', () => {
    const { place, replaced } = tab('', 'abc-123')
    expect(takeAccessKey(place)).toBe('abc-123')
    expect(replaced).toEqual([])
  })

  it('lets a newly printed URL replace an older key', () => {
    const { place, storage } = tab('#token=new', 'old')
    expect(takeAccessKey(place)).toBe('new')
    expect(storage.get(ACCESS_KEY_STORAGE)).toBe('new')
  })

  it('has none in a tab that was never given the URL', () => {
    expect(takeAccessKey(tab('').place)).toBeNull()
    expect(takeAccessKey(tab('#other=1').place)).toBeNull()
  })
})
