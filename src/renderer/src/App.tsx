import { useEffect } from 'react'
import { ConnectionBar } from './components/ConnectionBar'
import { DetailPane } from './components/DetailPane'
import { EventTable } from './components/EventTable'
import { FilterBar } from './components/FilterBar'
import { MessagePane, useHasMessage } from './components/message/MessagePane'
import { ServerPanel } from './components/ServerPanel'
import { StatusBar } from './components/StatusBar'
import { Timeline } from './components/timeline/Timeline'
import { boot } from './store/core-actions'
import { useAppStore } from './store/app-store'
import { useKeyboardShortcuts } from './use-keyboard-shortcuts'

export function App(): React.JSX.Element {
  const notice = useAppStore((s) => s.notice)
  const hasMessage = useHasMessage()
  useKeyboardShortcuts()
  useEffect(() => {
    void boot()
  }, [])

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand" aria-label="SSE Inspector">
          <span className="brand-mark" aria-hidden="true" />
          SSE Inspector
        </div>
        <ConnectionBar />
      </header>
      {notice && (
        <div className="notice" role="alert">
          <span>{notice}</span>
          <button type="button" className="link" onClick={() => useAppStore.setState({ notice: null })}>
            Dismiss
          </button>
        </div>
      )}
      <main className={hasMessage ? 'workspace with-message' : 'workspace'}>
        <ServerPanel />
        <section className="events-column">
          <Timeline />
          <FilterBar />
          <EventTable />
        </section>
        {hasMessage && <MessagePane />}
        <DetailPane />
      </main>
      <StatusBar />
    </div>
  )
}
