import { useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { filteredView, typeCounts, useAppStore } from '../store/app-store'
import { KIND_GROUPS, isFilterActive, type KindGroup } from '../store/frame-filter'
import { clearLog, setFilter, setPaused, toggleEventType } from '../store/view-actions'
import { typeColor } from '../type-colors'
import { TypeName } from './TypeName'
import { usePrefersDark } from '../use-prefers-dark'

/** Chips shown at once; the rest are found by name. A stream may name thousands of types. */
export const CHIPS_SHOWN = 20

const GROUP_LABELS: Record<KindGroup, string> = {
  events: 'Events',
  lifecycle: 'Lifecycle',
  comments: 'Comments',
  diagnostics: 'Diagnostics'
}

/** Search, type chips, kind toggles, pause and clear: everything that shapes the view. */
export function FilterBar(): React.JSX.Element {
  const { filter, filterError, paused, shown, newWhilePaused } = useAppStore(
    useShallow((s) => ({
      filter: s.filter,
      filterError: s.filterError,
      // Counts change in place; the version is what tells this component to read them again.
      typeCountsVersion: s.typeCountsVersion,
      paused: s.paused,
      shown: s.viewEnd - s.viewStart,
      // Read on every store update (frames arrive as logVersion bumps), so this stays current.
      newWhilePaused: s.paused ? filteredView.end - s.viewEnd : 0
    }))
  )
  const dark = usePrefersDark()
  const [text, setText] = useState(filter.text)
  const [typeQuery, setTypeQuery] = useState('')
  const search = useRef<HTMLInputElement>(null)

  // Typing filters after a short pause, so 100,000 rows are not re-filtered per keystroke.
  useEffect(() => {
    if (text === filter.text) return
    const timer = setTimeout(() => setFilter({ text }), 150)
    return () => clearTimeout(timer)
  }, [text, filter.text])

  // A request, not a state to mirror: focus moves when one is made, never on a re-render.
  useEffect(
    () =>
      useAppStore.subscribe((state, previous) => {
        if (state.searchFocusRequests !== previous.searchFocusRequests) search.current?.focus()
      }),
    []
  )

  const types = typeCounts.top(CHIPS_SHOWN, typeQuery)
  // A chosen type keeps its chip, so it can be unchosen, even when it is not among the top ones.
  for (const type of filter.types) if (!types.some(([t]) => t === type)) types.push([type, typeCounts.count(type)])
  const moreTypes = typeCounts.size - Math.min(typeCounts.size, CHIPS_SHOWN)
  const findable = moreTypes > 0 || typeCounts.other > 0 || typeQuery !== ''
  return (
    <div className="filter-bar" role="toolbar" aria-label="Filters">
      <div className="filter-row">
        <div className={`search ${filterError ? 'invalid' : ''}`}>
          <input
            ref={search}
            aria-label="Search data"
            type="search"
            placeholder={filter.regex ? 'Regular expression over data  ( / )' : 'Search data  ( / )'}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setText('')
                setFilter({ text: '' })
                e.currentTarget.blur()
              }
            }}
          />
          <button
            type="button"
            className={`toggle ${filter.regex ? 'on' : ''}`}
            aria-pressed={filter.regex}
            title="Treat the search as a regular expression"
            onClick={() => setFilter({ regex: !filter.regex })}
          >
            .*
          </button>
        </div>
        <div className="kind-toggles" role="group" aria-label="Frame kinds">
          {KIND_GROUPS.map((group) => {
            const hidden = filter.hiddenGroups.includes(group)
            return (
              <button
                key={group}
                type="button"
                className={`toggle ${hidden ? '' : 'on'}`}
                aria-pressed={!hidden}
                onClick={() =>
                  setFilter({
                    hiddenGroups: hidden ? filter.hiddenGroups.filter((g) => g !== group) : [...filter.hiddenGroups, group]
                  })
                }
              >
                {GROUP_LABELS[group]}
              </button>
            )
          })}
        </div>
        {/* One group, so a narrow window moves it to its own line whole, not Clear alone. */}
        <div className="view-actions">
          <span className="meta" data-testid="shown-count">
            {shown.toLocaleString()} shown
          </span>
          <button
            type="button"
            className={paused ? 'primary' : ''}
            aria-pressed={paused}
            title="Pause the view; frames keep arriving (Space)"
            onClick={() => setPaused(!paused)}
          >
            {paused ? `Resume${newWhilePaused > 0 ? ` (+${newWhilePaused.toLocaleString()})` : ''}` : 'Pause'}
          </button>
          <button type="button" title="Clear the frames shown (Ctrl/Cmd+K)" onClick={clearLog}>
            Clear
          </button>
        </div>
      </div>
      {filterError && (
        <div className="filter-error" role="alert">
          {filterError}
        </div>
      )}
      {(types.length > 0 || findable) && (
        <div className="type-chips" role="group" aria-label="Event types">
          {findable && (
            <input
              className="type-search"
              aria-label="Find event type"
              type="search"
              placeholder={`Find among ${typeCounts.size.toLocaleString()} types`}
              spellCheck={false}
              value={typeQuery}
              onChange={(e) => setTypeQuery(e.target.value)}
            />
          )}
          {types.map(([type, count]) => {
            const active = filter.types.includes(type)
            return (
              <button
                key={type}
                type="button"
                className={`chip ${active ? 'on' : ''}`}
                aria-pressed={active}
                data-type={type}
                onClick={() => toggleEventType(type)}
              >
                <span className="swatch" style={{ background: typeColor(type, dark) }} />
                <TypeName type={type} />
                <span className="count">{count.toLocaleString()}</span>
              </button>
            )
          })}
          {findable && (
            <span className="meta" data-testid="more-types">
              {typeQuery === '' && moreTypes > 0 ? `+${moreTypes.toLocaleString()} more types` : ''}
              {typeCounts.other > 0
                ? `${typeQuery === '' && moreTypes > 0 ? ' · ' : ''}${typeCounts.other.toLocaleString()} events of types past the first ${typeCounts.limit}`
                : ''}
            </span>
          )}
          {isFilterActive(filter) && (
            <button
              type="button"
              className="link"
              onClick={() => {
                setText('')
                setFilter({ types: [], hiddenGroups: [], text: '' })
              }}
            >
              Reset filters
            </button>
          )}
        </div>
      )}
    </div>
  )
}
