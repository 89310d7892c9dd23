/**
 * A row of tabs (the WAI-ARIA tabs pattern: a `tablist` of `tab` buttons with `aria-selected`),
 * shared by the detail pane and the Message view. `children` follow the tabs in the same row.
 */
export function TabStrip<Id extends string>({
  tabs,
  selected,
  onSelect,
  children
}: {
  tabs: ReadonlyArray<readonly [Id, string]>
  selected: Id
  onSelect: (id: Id) => void
  children?: React.ReactNode
}): React.JSX.Element {
  return (
    <div className="tabs" role="tablist">
      {tabs.map(([id, label]) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={selected === id}
          className={selected === id ? 'on' : ''}
          onClick={() => onSelect(id)}
        >
          {label}
        </button>
      ))}
      {children}
    </div>
  )
}
