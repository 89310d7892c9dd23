import { useEffect } from 'react'
import { useAppStore } from './store/app-store'
import { clearLog, focusSearch, moveSelection, openExport, setPaused } from './store/view-actions'

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

/** `/` search, ↑/↓ selection, Space pause, Ctrl/Cmd+K clear, Ctrl/Cmd+S export; keys typed into fields stay there. */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        clearLog()
        return
      }
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        // Instead of the browser's "save page", which would save an empty shell.
        event.preventDefault()
        openExport()
        return
      }
      if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return
      const tag = (event.target as HTMLElement | null)?.tagName
      switch (event.key) {
        case '/':
          event.preventDefault()
          focusSearch()
          break
        case 'ArrowDown':
        case 'ArrowUp':
          event.preventDefault()
          moveSelection(event.key === 'ArrowDown' ? 1 : -1)
          break
        case ' ':
          // Space on a focused button presses it; only elsewhere does it pause.
          if (tag === 'BUTTON') return
          event.preventDefault()
          setPaused(!useAppStore.getState().paused)
          break
        default:
          break
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
