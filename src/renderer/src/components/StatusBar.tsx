import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../store/app-store'

export function StatusBar(): React.JSX.Element {
  const { size, dropped, transport, version } = useAppStore(
    useShallow((s) => ({ size: s.logSize, dropped: s.dropped, transport: s.info?.transport, version: s.info?.version }))
  )
  return (
    <footer className="statusbar">
      <span data-testid="frame-count">{size.toLocaleString()} frames</span>
      {dropped > 0 && <span className="warn">{dropped.toLocaleString()} oldest frames no longer shown (buffer full)</span>}
      <span className="spacer" />
      {transport && <span>{transport === 'electron' ? 'Desktop app' : 'Browser mode'}</span>}
      {version && <span>v{version}</span>}
    </footer>
  )
}
