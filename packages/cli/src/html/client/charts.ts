import type { ECharts, EChartsOption } from 'echarts';
import { exactUsd, formatPct, formatUsd } from '../../formats/money.js';
import type { ChartSpec, Unit } from '../types.js';

export type EChartsLib = typeof import('echarts');

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Tooltips are HTML: every name in them (a tag value, a model) is escaped. */
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** An axis label: short ($1.2k, $0.05, 40%). */
function short(unit: Unit, v: number): string {
  if (unit === 'pct') return `${v}%`;
  if (unit === 'count') return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  if (abs >= 1000) return `${v < 0 ? '-' : ''}$${(abs / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })}k`;
  return abs === 0 ? '$0' : `${v < 0 ? '-' : ''}$${abs.toLocaleString('en-US', { maximumSignificantDigits: 3 })}`;
}

/** A value in a tooltip: readable, then every digit when rounding hid some. */
export function exact(unit: Unit, v: number): string {
  if (unit === 'usd') {
    const shown = formatUsd(v);
    const all = exactUsd(v);
    return shown.replace(/,/g, '') === all ? shown : `${shown} (${all})`;
  }
  if (unit === 'pct') return `${formatPct(v)} (${v}%)`;
  return v.toLocaleString('en-US');
}

interface TipParam {
  seriesIndex?: number;
  seriesName?: string;
  name?: string;
  dataIndex?: number;
  value?: unknown;
  marker?: unknown;
}

function tooltip(spec: ChartSpec) {
  return (input: unknown): string => {
    const params = (Array.isArray(input) ? input : [input]) as TipParam[];
    const category = params[0]?.name ?? '';
    const lines = params
      .filter((p) => typeof p.value === 'number' && (params.length === 1 || p.value !== 0))
      .map((p) => {
        const series = spec.series[p.seriesIndex ?? 0];
        const tip = series?.tips?.[p.dataIndex ?? 0];
        const marker = typeof p.marker === 'string' ? p.marker : '';
        return `<div>${marker}${escape(p.seriesName ?? '')}: <b>${escape(tip ?? exact(spec.unit, p.value as number))}</b></div>`;
      });
    return `<div class="tip"><div><b>${escape(category)}</b></div>${lines.join('') || '<div>nothing</div>'}</div>`;
  };
}

export function chartOption(spec: ChartSpec): EChartsOption {
  const horizontal = spec.kind === 'hbars';
  const categoryAxis = {
    type: 'category' as const,
    data: spec.categories,
    inverse: horizontal,
    axisLabel: horizontal ? { width: 160, overflow: 'truncate' as const } : { hideOverlap: true, width: 110, overflow: 'truncate' as const },
  };
  const valueAxis = { type: 'value' as const, axisLabel: { formatter: (v: number) => short(spec.unit, v) } };
  const many = spec.series.length > 1;
  return {
    animation: false,
    color: ['#2f6fde', '#e8833a', '#3aa57a', '#c04f8a', '#8c6bd1', '#d4b13f', '#4fb3c7', '#9aa3b2'],
    grid: { left: 8, right: 24, top: many ? 40 : 16, bottom: 8, containLabel: true },
    // Long names (a tag value is up to the app) are cut in the legend; the tooltip has them whole.
    legend: many ? { type: 'scroll', top: 0, data: spec.series.map((s) => s.name), formatter: (name: string) => name.replace(/\s+/g, ' '), textStyle: { width: 140, overflow: 'truncate' } } : undefined,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, formatter: tooltip(spec) },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: spec.series.map((s, i) => ({
      type: 'bar' as const,
      name: s.name,
      data: s.values,
      stack: spec.kind === 'stacked' ? 'total' : undefined,
      barMaxWidth: 36,
      markLine:
        i === 0 && spec.mark
          ? { symbol: 'none', silent: true, label: { formatter: spec.mark.label }, lineStyle: { color: '#b42318', type: 'dashed' as const }, data: [horizontal ? { xAxis: spec.mark.value } : { yAxis: spec.mark.value }] }
          : undefined,
    })),
  };
}

/** Draws one chart as SVG (sharp when printed to PDF). */
export function drawChart(lib: EChartsLib, box: HTMLElement, spec: ChartSpec): ECharts {
  const chart = lib.init(box, undefined, { renderer: 'svg' });
  chart.setOption(chartOption(spec));
  return chart;
}
