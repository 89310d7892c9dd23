import { splitTypeName } from '../type-name'
import './type-name.css'

/**
 * An event type in full when it fits, cut in the middle (`content_blo…_delta`) when it does
 * not, with the whole name on hover. The text content is always the whole name.
 */
export function TypeName({ type }: { type: string }): React.JSX.Element {
  const { head, tail } = splitTypeName(type)
  return (
    <span className="type-name" title={type}>
      <span className="type-name-head">{head}</span>
      {tail && <span className="type-name-tail">{tail}</span>}
    </span>
  )
}
