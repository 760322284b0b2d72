// The page's script (built for the browser into dist/client/, inlined in every
// page): draws each chart from the embedded data with ECharts (inlined before it,
// as the global `echarts`), makes the tables sortable, wires the print button.
import type { ECharts } from 'echarts';
import type { HtmlData } from '../types.js';
import { drawChart, type EChartsLib } from './charts.js';
import { makeSortable } from './sort.js';

declare const echarts: EChartsLib;

function boot(): void {
  const data = JSON.parse(document.getElementById('costkit-data')?.textContent ?? '{}') as HtmlData;
  const charts: ECharts[] = [];
  for (const box of Array.from(document.querySelectorAll<HTMLElement>('[data-chart]'))) {
    const spec = data.charts?.[box.dataset.chart ?? ''];
    if (!spec || spec.categories.length === 0) {
      box.classList.add('no-data');
      box.textContent = 'No data for this chart.';
      continue;
    }
    const chart = drawChart(echarts, box, spec);
    fitToBox(box);
    charts.push(chart);
  }
  for (const table of Array.from(document.querySelectorAll<HTMLTableElement>('table.sortable'))) makeSortable(table);
  document.querySelector('[data-action="print"]')?.addEventListener('click', () => window.print());
  // Charts take their container's size when drawn: redraw at the new size on a
  // window resize and when printing (the print sheet lays them out narrower).
  const resize = () =>
    charts.forEach((c) => {
      c.resize();
      // Paint now, not on the next frame: a print is laid out before any frame comes.
      c.getZr().refreshImmediately();
      fitToBox(c.getDom());
    });
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
  window.matchMedia('print').addEventListener('change', resize);
}

/**
 * Gives the chart's SVG a viewBox of its drawn size, so where it is drawn at one
 * size and shown at another (a print preview laid out before the charts are
 * redrawn) it scales to its box instead of being cut off (the print sheet sizes it).
 */
function fitToBox(box: HTMLElement): void {
  const svg = box.querySelector('svg');
  const width = svg?.getAttribute('width');
  const height = svg?.getAttribute('height');
  if (svg && width && height) svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
}

boot();
