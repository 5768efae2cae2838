import type { LineChart } from "./line-chart.js";

/** `87.5%`: a share with one decimal. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A share's tone: good from 90 %, fair from 70 %, poor below (as the HTML report's). */
export function tone(share: number): "good" | "fair" | "poor" {
  return share >= 0.9 ? "good" : share >= 0.7 ? "fair" : "poor";
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * A line chart over time drawn on the server: the geometry of `lineChart`, one coloured path per series (classes
 * `s0`…`s7`), a dot with a title per value, and a legend. Every label is a JSX child: escaped.
 */
export function LineChartSvg(props: { id: string; label: string; chart: LineChart }) {
  const { chart } = props;
  return (
    <figure class="chart-figure" id={props.id}>
      <svg
        class="chart line-chart"
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        width={chart.width}
        height={chart.height}
        role="img"
        aria-label={props.label}
      >
        {chart.yTicks.map((tick) => (
          <g>
            <line class="grid" x1={chart.plot.left} x2={chart.plot.right} y1={tick.y} y2={tick.y} />
            <text class="axis" x={chart.plot.left - 6} y={tick.y + 4} text-anchor="end">
              {tick.label}
            </text>
          </g>
        ))}
        {chart.xTicks.map((tick, i) => (
          <text
            class="axis"
            x={tick.x}
            y={chart.plot.bottom + 18}
            // The first and last labels stay inside the plot's width rather than being cut at the edge.
            text-anchor={
              chart.xTicks.length > 1 && i === 0
                ? "start"
                : i === chart.xTicks.length - 1 && i > 0
                  ? "end"
                  : "middle"
            }
          >
            {tick.label}
          </text>
        ))}
        {chart.series.map((series) => (
          <g class={`series s${series.slot}`} data-series={series.name}>
            <path class="line" d={series.path} />
            {series.points.map((point) => (
              <circle class="dot" cx={point.x} cy={point.y} r={3.5}>
                <title>{`${series.name} · ${point.at}: ${percent(point.value)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul class="legend">
          {chart.series.map((series) => (
            <li>
              <svg class="swatch" viewBox="0 0 12 12" width={12} height={12} aria-hidden="true">
                <rect class={`s${series.slot}`} width={12} height={12} rx={2} />
              </svg>
              {series.name}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** One bar of a bar chart: a share, and the threshold it had to reach, if any. */
export interface BarRow {
  label: string;
  share: number;
  /** The required share, drawn as a tick. */
  required?: number;
  /** The bar failed its threshold: drawn poor whatever its share. */
  failed?: boolean;
}

/** Horizontal bars of shares (the five scores), with each threshold as a dashed tick; drawn on the server. */
export function BarChartSvg(props: { id: string; label: string; rows: readonly BarRow[] }) {
  const labelWidth = 150;
  const barWidth = 300;
  const row = 34;
  const width = labelWidth + barWidth + 64;
  const height = props.rows.length * row + 8;
  return (
    <svg
      id={props.id}
      class="chart bar-chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={props.label}
    >
      {props.rows.map((bar, i) => {
        const y = 8 + i * row;
        const shade = bar.failed ? "poor" : tone(bar.share);
        return (
          <g>
            <text class="label" x={labelWidth - 10} y={y + 15} text-anchor="end">
              {bar.label}
            </text>
            <rect class="track" x={labelWidth} y={y} width={barWidth} height={20} rx={4} />
            <rect
              class={`bar ${shade}`}
              x={labelWidth}
              y={y}
              width={round(Math.min(1, Math.max(0, bar.share)) * barWidth)}
              height={20}
              rx={4}
            >
              <title>{`${bar.label}: ${percent(bar.share)}`}</title>
            </rect>
            {bar.required === undefined ? null : (
              <line
                class="threshold"
                x1={round(labelWidth + bar.required * barWidth)}
                x2={round(labelWidth + bar.required * barWidth)}
                y1={y - 4}
                y2={y + 24}
              >
                <title>{`threshold ${percent(bar.required)}`}</title>
              </line>
            )}
            <text class="value" x={labelWidth + barWidth + 8} y={y + 15}>
              {percent(bar.share)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Vertical bars (pass^k for k = 1 … trials): how reliability falls as more trials must all succeed. */
export function ColumnChartSvg(props: {
  id: string;
  label: string;
  columns: readonly { label: string; share: number }[];
}) {
  const width = 460;
  const plotHeight = 150;
  const left = 44;
  const top = 20;
  const height = top + plotHeight + 26;
  const slot = (width - left - 8) / Math.max(1, props.columns.length);
  const barWidth = Math.min(64, slot * 0.6);
  const y = (share: number) => round(top + (1 - Math.min(1, Math.max(0, share))) * plotHeight);
  return (
    <svg
      id={props.id}
      class="chart column-chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={props.label}
    >
      {[0, 0.5, 1].map((share) => (
        <g>
          <line class="grid" x1={left} x2={width - 4} y1={y(share)} y2={y(share)} />
          <text class="axis" x={left - 8} y={y(share) + 4} text-anchor="end">{`${share * 100}%`}</text>
        </g>
      ))}
      {props.columns.map((column, i) => {
        const center = left + slot * (i + 0.5);
        return (
          <g>
            <rect
              class={`bar ${tone(column.share)}`}
              x={round(center - barWidth / 2)}
              y={y(column.share)}
              width={round(barWidth)}
              height={round(top + plotHeight - y(column.share))}
              rx={3}
            >
              <title>{`${column.label}: ${percent(column.share)}`}</title>
            </rect>
            <text class="value" x={round(center)} y={y(column.share) - 6} text-anchor="middle">
              {percent(column.share)}
            </text>
            <text class="axis" x={round(center)} y={top + plotHeight + 18} text-anchor="middle">
              {column.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A share as a small bar beside its percentage, for table cells (SVG: the CSP allows no style attribute). */
export function MiniBar({ share }: { share: number }) {
  return (
    <span class="mini">
      <svg class="mini-bar" viewBox="0 0 60 8" width={60} height={8} aria-hidden="true">
        <rect class="track" width={60} height={8} rx={2} />
        <rect
          class={`bar ${tone(share)}`}
          width={round(Math.min(1, Math.max(0, share)) * 60)}
          height={8}
          rx={2}
        />
      </svg>
      {percent(share)}
    </span>
  );
}
