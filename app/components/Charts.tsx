import { type ReactNode, useId } from 'react'

type Datum = { label: string; value: number; valueText: string }

/** An SVG chart with its title and description (the page's table gives the same figures in words). */
function ChartFrame({
  title,
  description,
  width,
  height,
  children,
}: {
  title: string
  description: string
  width: number
  height: number
  children: ReactNode
}) {
  const id = useId()
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {children}
    </svg>
  )
}

/** A row of swatches naming a chart's series or segments, across its top. */
function Legend({ width, items }: { width: number; items: { label: string; className: string }[] }) {
  const room = width / Math.max(1, items.length)
  return (
    <>
      {items.map((item, i) => (
        <g key={item.label}>
          <rect x={i * room} y={4} width={12} height={12} className={item.className} />
          <text x={i * room + 16} y={14} className="chart-label">
            {fit(item.label, room - 20)}
          </text>
        </g>
      ))}
    </>
  )
}

/** A label cut to what fits its room at the charts' 12 px type (about 6.6 px a character), with "…". */
function fit(label: string, width: number): string {
  const max = Math.max(4, Math.floor(width / 6.6))
  return label.length > max ? `${label.slice(0, max - 1)}…` : label
}

/**
 * Horizontal bars as an SVG image with a title and description; the numbers are
 * also in the table the page shows beside it, for screen readers and for print.
 */
export function BarChart({ title, description, data }: { title: string; description: string; data: Datum[] }) {
  const max = Math.max(1, ...data.map((d) => d.value))
  const row = 28
  const labelWidth = 170
  const width = 600
  const height = data.length * row + 8
  return (
    <ChartFrame title={title} description={description} width={width} height={height}>
      {data.map((d, i) => {
        const w = Math.round(((width - labelWidth - 70) * d.value) / max)
        const y = i * row + 4
        return (
          <g key={d.label}>
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="chart-label">
              {fit(d.label, labelWidth - 8)}
            </text>
            <rect
              x={labelWidth}
              y={y + 3}
              width={Math.max(w, d.value > 0 ? 2 : 0)}
              height={row - 8}
              className="chart-bar"
            />
            <text x={labelWidth + w + 6} y={y + 17} className="chart-value">
              {d.valueText}
            </text>
          </g>
        )
      })}
    </ChartFrame>
  )
}

/** An axis label centred under its column, but kept inside the chart at either end. */
function EdgeLabel({ text, center, y, width }: { text: string; center: number; y: number; width: number }) {
  const half = (text.length * 6.6) / 2
  const [x, anchor]: [number, 'start' | 'middle' | 'end'] =
    center - half < 0 ? [0, 'start'] : center + half > width ? [width, 'end'] : [center, 'middle']
  return (
    <text x={x} y={y} textAnchor={anchor} className="chart-label">
      {text}
    </text>
  )
}

/** Columns over time (one per month), same conventions as BarChart. */
export function ColumnChart({ title, description, data }: { title: string; description: string; data: Datum[] }) {
  const max = Math.max(1, ...data.map((d) => d.value))
  const width = 600
  const height = 220
  const plot = height - 40
  const step = width / Math.max(1, data.length)
  // One label every `every` columns, so that each has about 70 px ("janv. 2026") to itself.
  const every = Math.max(1, Math.ceil(70 / step))
  return (
    <ChartFrame title={title} description={description} width={width} height={height}>
      <line x1={0} x2={width} y1={plot + 10} y2={plot + 10} className="chart-axis" />
      {data.map((d, i) => {
        const h = Math.round((plot - 10) * (d.value / max))
        const x = i * step + step * 0.15
        return (
          <g key={d.label}>
            <rect x={x} y={plot + 10 - h} width={step * 0.7} height={h} className="chart-bar" />
            {i % every === 0 ? (
              <EdgeLabel text={fit(d.label, step * every - 4)} center={x + step * 0.35} y={height - 8} width={width} />
            ) : null}
          </g>
        )
      })}
    </ChartFrame>
  )
}

/**
 * One horizontal bar per row, split into segments (a Likert statement's answers
 * from "strongly disagree" to "strongly agree"); segment shades get darker along
 * the scale, and the legend names them. Same conventions as BarChart.
 */
export function StackedBarChart({
  title,
  description,
  rows,
  segments,
}: {
  title: string
  description: string
  rows: { label: string; values: number[] }[]
  segments: string[]
}) {
  const row = 30
  const labelWidth = 220
  const width = 640
  const legend = 24
  const height = rows.length * row + legend + 8
  const shades = segments.map((_, i) => `chart-seg-${Math.round((i / Math.max(1, segments.length - 1)) * 4)}`)
  return (
    <ChartFrame title={title} description={description} width={width} height={height}>
      <Legend width={width} items={segments.map((s, i) => ({ label: s, className: shades[i] }))} />
      {rows.map((r, i) => {
        const total = r.values.reduce((a, b) => a + b, 0) || 1
        const y = legend + i * row + 4
        let x = labelWidth
        return (
          <g key={r.label}>
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="chart-label">
              {r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label}
            </text>
            {r.values.map((v, k) => {
              const w = ((width - labelWidth - 10) * v) / total
              const rect = <rect key={k} x={x} y={y + 3} width={w} height={row - 8} className={shades[k]} />
              x += w
              return rect
            })}
          </g>
        )
      })}
    </ChartFrame>
  )
}

/**
 * Columns side by side per period (a year's applications, accreditations and
 * decertifications), one shade per series named in the legend. Same conventions as
 * BarChart: the page shows the numbers in a table too.
 */
export function GroupedColumnChart({
  title,
  description,
  groups,
  series,
}: {
  title: string
  description: string
  groups: { label: string; values: number[] }[]
  series: { label: string; className: string }[]
}) {
  const max = Math.max(1, ...groups.flatMap((g) => g.values))
  const width = 640
  const legend = 24
  const height = 240
  const base = height - 24
  const plot = base - legend - 16
  const step = width / Math.max(1, groups.length)
  const bar = (step * 0.8) / Math.max(1, series.length)
  const every = Math.max(1, Math.ceil(70 / step))
  return (
    <ChartFrame title={title} description={description} width={width} height={height}>
      <Legend width={width} items={series} />
      <line x1={0} x2={width} y1={base} y2={base} className="chart-axis" />
      {groups.map((g, i) => (
        <g key={g.label}>
          {g.values.map((v, k) => {
            const h = Math.round(plot * (v / max))
            return (
              <rect
                key={series[k]?.label ?? k}
                x={i * step + step * 0.1 + k * bar}
                y={base - h}
                width={Math.max(1, bar - 1)}
                height={h}
                className={series[k]?.className}
              />
            )
          })}
          {i % every === 0 ? (
            <EdgeLabel
              text={fit(g.label, step * every - 4)}
              center={i * step + step / 2}
              y={height - 6}
              width={width}
            />
          ) : null}
        </g>
      ))}
    </ChartFrame>
  )
}
