import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../store/app-store'
import { closeExport, openExport } from '../store/view-actions'
import { ExportDialog } from './ExportDialog'

export function StatusBar(): React.JSX.Element {
  const { size, dropped, lost, transport, version, exporting } = useAppStore(
    useShallow((s) => ({
      size: s.logSize,
      dropped: s.dropped,
      lost: s.lostInTransit,
      transport: s.info?.transport,
      version: s.info?.version,
      exporting: s.exportOpen
    }))
  )
  const [exported, setExported] = useState<string | null>(null)

  useEffect(() => {
    if (!exported) return
    const timer = setTimeout(() => setExported(null), 8000)
    return () => clearTimeout(timer)
  }, [exported])

  return (
    <footer className="statusbar">
      <span data-testid="frame-count">{size.toLocaleString()} frames</span>
      <button
        type="button"
        disabled={size === 0}
        title="Save the frames and their requests to a JSON file; secrets are redacted unless you choose otherwise (Ctrl/Cmd+S)"
        onClick={openExport}
      >
        Export…
      </button>
      {exported && (
        <span className="ok" role="status">
          {exported}
        </span>
      )}
      {lost > 0 && (
        <span className="warn" data-testid="lost-in-transit">
          {lost.toLocaleString()} frames lost while this tab was behind
        </span>
      )}
      {dropped > 0 && <span className="warn">{dropped.toLocaleString()} oldest frames no longer shown (buffer full)</span>}
      <span className="spacer" />
      {transport && <span>{transport === 'electron' ? 'Desktop app' : 'Browser mode'}</span>}
      {version && <span>v{version}</span>}
      {exporting && (
        <ExportDialog
          onClose={(result) => {
            closeExport()
            if (result) setExported(result)
          }}
        />
      )}
    </footer>
  )
}
