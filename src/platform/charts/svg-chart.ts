/**
 * Charts rendered on the server as SVG with echarts' SSR renderer (design.md: charts without a browser). Pages embed
 * them as <img> inside a <figure> with a text alternative and the numbers as a table (charts are never the only
 * carrier of information: WCAG 1.1.1). echarts is loaded on the first chart (≈ 40 MB of memory once loaded; only staff
 * pages draw charts, so a server that only serves the public never loads it: issue 9 "Memory"), through `require` so
 * that rendering stays synchronous.
 */
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';

let loaded: typeof Echarts | undefined;

/** echarts, loaded on first use (its CommonJS build: the same release as the ES modules, in one file). */
function echartsLib(): typeof Echarts {
  loaded ??= createRequire(import.meta.url)('echarts') as typeof Echarts;
  return loaded;
}

/** A series of values over the categories. */
export interface ChartSeries {
  name: string;
  values: number[];
}

/** A line or bar chart. */
export interface ChartSpec {
  kind: 'line' | 'bar';
  categories: string[];
  series: ChartSeries[];
  width?: number;
  height?: number;
  /** Stack bars or lines. */
  stacked?: boolean;
}

const PALETTE = ['#a61b1b', '#0a4b9e', '#116329', '#7a4d00', '#6b21a8', '#0e7490'];

/** Renders the chart to an SVG document string. */
export function renderChartSvg(spec: ChartSpec): string {
  const chart = echartsLib().init(null, null, { renderer: 'svg', ssr: true, width: spec.width ?? 720, height: spec.height ?? 300 });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'Noto Sans CJK SC, Source Han Sans SC, sans-serif' },
      grid: { left: 48, right: 16, top: 40, bottom: 36 },
      legend: { top: 4 },
      xAxis: { type: 'category', data: spec.categories },
      yAxis: { type: 'value', minInterval: 1 },
      series: spec.series.map((s) => ({
        name: s.name, type: spec.kind, data: s.values, stack: spec.stacked ? 'all' : undefined, symbolSize: 6,
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
