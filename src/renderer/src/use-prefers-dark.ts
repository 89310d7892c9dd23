import { useSyncExternalStore } from 'react'

const query = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null

function subscribe(onChange: () => void): () => void {
  query?.addEventListener('change', onChange)
  return () => query?.removeEventListener('change', onChange)
}

/** Follows the system theme, for the few colors that are computed rather than styled. */
export function usePrefersDark(): boolean {
  return useSyncExternalStore(subscribe, () => query?.matches ?? false)
}
