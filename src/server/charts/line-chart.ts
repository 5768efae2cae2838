/** One series of a chart over time: a value (a share, 0–1) per point, or undefined where it has none. */
export interface LineSeriesInput {
  name: string;
  values: readonly (number | undefined)[];
}

export interface ChartPoint {
  x: number;
  y: number;
  value: number;
  /** The point's label on the x axis (an eval's date). */
  at: string;
}

export interface LineSeries {
  name: string;
  /** The colour slot, 0–7, by the series' place. */
  slot: number;
  points: ChartPoint[];
  /** An SVG path; a point without a value breaks the line (a new `M`). */
  path: string;
}

/** Everything an SVG line chart draws, computed: the page only places it. */
export interface LineChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
  series: LineSeries[];
}

/** SVG numbers: at most two decimals. */
const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The geometry of a line chart of shares (0–1) over `labels` (oldest first): axes at 0, 50 % and 100 %, at most
 * `maxXTicks` labels on the x axis, one path per series. Values outside 0–1 are clamped to the plot.
 */
export function lineChart(options: {
  labels: readonly string[];
  series: readonly LineSeriesInput[];
  width?: number;
  height?: number;
  maxXTicks?: number;
}): LineChart {
  const width = options.width ?? 560;
  const height = options.height ?? 220;
  const plot = { left: 44, top: 12, right: width - 12, bottom: height - 28 };
  const count = options.labels.length;
  const x = (i: number) =>
    round(
      count <= 1 ? (plot.left + plot.right) / 2 : plot.left + (i * (plot.right - plot.left)) / (count - 1),
    );
  const y = (share: number) =>
    round(plot.bottom - Math.min(1, Math.max(0, share)) * (plot.bottom - plot.top));
  const maxXTicks = options.maxXTicks ?? 6;
  const step = Math.max(1, Math.ceil(count / maxXTicks));
  const xTicks = options.labels.flatMap((label, i) =>
    i % step === 0 || i === count - 1 ? [{ x: x(i), label }] : [],
  );
  const series = options.series.map((input, index): LineSeries => {
    const points: ChartPoint[] = [];
    let path = "";
    let drawing = false;
    input.values.forEach((value, i) => {
      if (value === undefined || !Number.isFinite(value)) {
        drawing = false;
        return;
      }
      const point = { x: x(i), y: y(value), value, at: options.labels[i] ?? "" };
      points.push(point);
      path += `${drawing ? "L" : "M"}${point.x} ${point.y}`;
      drawing = true;
    });
    return { name: input.name, slot: index % 8, points, path };
  });
  return {
    width,
    height,
    plot,
    yTicks: [0, 0.5, 1].map((share) => ({ y: y(share), label: `${share * 100}%` })),
    xTicks,
    series,
  };
}
