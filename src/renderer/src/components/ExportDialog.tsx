import { useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { useShallow } from 'zustand/react/shallow'
import { exportSession, shownRange, type ExportChoice } from '../export/export-session'
import { useAppStore } from '../store/app-store'
import { isFilterActive } from '../store/frame-filter'

interface Props {
  onClose: (result: string | null) => void
}

/** Choose what goes into the file and whether secrets do; redacted unless the user says so. */
export function ExportDialog({ onClose }: Props): React.JSX.Element {
  const dialog = useRef<HTMLDialogElement>(null)
  const { held, shown, filtered, dropped } = useAppStore(
    useShallow((s) => {
      // Counted as the export takes them.
      const { from, to } = shownRange(s)
      return { held: s.logSize, shown: to - from, filtered: isFilterActive(s.filter), dropped: s.dropped }
    })
  )
  const [scope, setScope] = useState<ExportChoice['scope']>(filtered ? 'shown' : 'all')
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    dialog.current?.showModal()
  }, [])

  const count = scope === 'all' ? held : shown
  const [busy, setBusy] = useState(false)
  const save = async (): Promise<void> => {
    setBusy(true)
    try {
      const result = await exportSession({ scope, includeSecrets })
      const cut = result.cut > 0 ? `; ${result.cut} very large events are cut (no longer kept whole)` : ''
      onClose(`Exported ${result.frames.toLocaleString()} frames to ${result.fileName}${includeSecrets ? ', secrets included' : ''}${cut}.`)
    } catch (err) {
      setError(`The export failed: ${err instanceof Error ? err.message : String(err)}. Try exporting only the frames shown.`)
      setBusy(false)
    }
  }

  // In <body>, so the dialog takes nothing from wherever it was opened (the status bar's small type).
  return createPortal(
    <dialog
      ref={dialog}
      className="export-dialog"
      aria-labelledby="export-title"
      onCancel={(e) => {
        e.preventDefault()
        onClose(null)
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <h2 id="export-title">Export session</h2>
        <p className="hint">
          A JSON file with the requests and their frames, each frame as <code>sse-inspector tail --json</code> prints it.
        </p>
        <fieldset>
          <legend>Frames</legend>
          <label>
            <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} />
            All {held.toLocaleString()} frames held
          </label>
          <label className={filtered ? '' : 'disabled'}>
            <input type="radio" name="scope" disabled={!filtered} checked={scope === 'shown'} onChange={() => setScope('shown')} />
            Only the {shown.toLocaleString()} frames the filter shows
          </label>
          {dropped > 0 && <p className="hint warn">The oldest {dropped.toLocaleString()} frames left the buffer and cannot be exported.</p>}
        </fieldset>
        <fieldset>
          <legend>Secrets</legend>
          <label>
            <input type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.target.checked)} />
            Include secrets
          </label>
          <p className={`hint ${includeSecrets ? 'warn' : ''}`} data-testid="export-secrets-hint">
            {includeSecrets
              ? 'The file will hold your credentials in plain text. Keep it to yourself.'
              : 'Credential headers (Authorization, cookies, API keys), tokens in the URL or JSON body, and any echo of them in the stream become [redacted].'}
          </p>
        </fieldset>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => onClose(null)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={count === 0 || busy} autoFocus>
            {busy ? 'Exporting…' : `Export ${count.toLocaleString()} frames`}
          </button>
        </div>
      </form>
    </dialog>,
    document.body
  )
}
