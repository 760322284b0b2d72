/**
 * The page's stylesheet. Laptop widths first (a 1280 px screen shows two charts
 * side by side), one column below 900 px, and a print sheet for "Save as PDF":
 * no buttons, no shadows, sections kept whole on a page, charts at page width.
 */
export const STYLE = `
:root {
  --ink: #1d2433; --muted: #5b6475; --line: #e3e6ec; --bg: #f5f6f8; --card: #fff;
  --accent: #2f6fde; --bad: #b42318; --good: #067647;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; font-size: 14px; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 48px; }
header.page { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 8px 24px; margin-bottom: 16px; }
header.page h1 { font-size: 22px; margin: 0; }
header.page .meta { color: var(--muted); font-size: 13px; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 0 0 16px; font-size: 13px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc button { margin-left: auto; font: inherit; padding: 3px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--card); cursor: pointer; }
.notice { background: #fff7e6; border: 1px solid #f5d48a; border-radius: 8px; padding: 8px 12px; margin-bottom: 16px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin-bottom: 16px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.kpi-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.kpi-value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; margin: 2px 0; }
.kpi-note { color: var(--muted); font-size: 12px; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(16, 24, 40, .04); }
section.card h2 { font-size: 17px; margin: 0 0 4px; }
section.card h3 { font-size: 14px; margin: 16px 0 6px; }
.lede { color: var(--muted); margin: 0 0 12px; max-width: 100ch; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
.chart-box { margin: 0 0 12px; min-width: 0; }
.chart { width: 100%; height: 300px; }
figcaption { color: var(--muted); font-size: 12px; text-align: center; }
.table-wrap { overflow-x: auto; max-height: 520px; overflow-y: auto; border: 1px solid var(--line); border-radius: 8px; }
table.sortable { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.sortable th, table.sortable td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.sortable td { overflow-wrap: break-word; white-space: pre-wrap; }
table.sortable td.key { white-space: pre; }
table.sortable th { position: sticky; top: 0; background: #f0f2f6; font-weight: 600; white-space: nowrap; }
table.sortable th button { all: unset; cursor: pointer; }
table.sortable th button:focus-visible { outline: 2px solid var(--accent); }
table.sortable th[aria-sort="ascending"] button::after { content: " \\25B2"; font-size: 10px; }
table.sortable th[aria-sort="descending"] button::after { content: " \\25BC"; font-size: 10px; }
.num { text-align: right !important; white-space: nowrap !important; }
tbody tr:hover { background: #f7f9fc; }
.empty { color: var(--muted); font-style: italic; }
.causes { margin: 0 0 12px; padding-left: 20px; }
code { font-size: 12px; background: #f0f2f6; padding: 0 4px; border-radius: 4px; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
@media (max-width: 900px) { .charts { grid-template-columns: 1fr; } }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  :root { background: #fff; }
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav.toc, .no-print { display: none !important; }
  section.card { box-shadow: none; border: none; padding: 0; margin: 0 0 10mm; break-inside: avoid; page-break-inside: avoid; }
  .kpis { break-inside: avoid; }
  .kpi { border-color: #ccc; }
  .charts { grid-template-columns: 1fr 1fr; }
  .chart { height: 260px; }
  .chart > div, .chart svg { width: 100% !important; height: 100% !important; }
  .table-wrap { max-height: none; overflow: visible; border: none; }
  table.sortable th { position: static; }
  table.sortable th button::after { content: "" !important; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
