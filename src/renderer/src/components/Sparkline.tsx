/** A small SVG line of recent values, with the peak labelled; a handful of nodes, not a chart library. */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }): React.JSX.Element {
  const width = 240
  const height = 40
  if (values.length < 2) {
    return (
      <div className="sparkline empty-spark" aria-label={label}>
        collecting…
      </div>
    )
  }
  const max = Math.max(...values, 1)
  const step = width / 59
  const offset = width - (values.length - 1) * step
  const points = values.map((v, i) => `${(offset + i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 6)).toFixed(1)}`)
  return (
    <figure className="sparkline" aria-label={label}>
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img">
        <polygon className="spark-fill" points={`${offset},${height} ${points.join(' ')} ${width},${height}`} />
        <polyline className="spark-line" points={points.join(' ')} />
      </svg>
      <figcaption className="meta">peak {max.toFixed(max < 10 ? 1 : 0)}/s · last minute</figcaption>
    </figure>
  )
}
