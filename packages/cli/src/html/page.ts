import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { html, inlineScript, jsonForScript, trusted, type Html } from './markup.js';
import { allocationSection } from './sections/allocation.js';
import { anomaliesSection } from './sections/anomalies.js';
import { budgetsSection } from './sections/budgets.js';
import { interactionsSection } from './sections/interactions.js';
import { modelsSection } from './sections/models.js';
import { headline, teamsSection } from './sections/overview.js';
import { reconciliationSection } from './sections/reconciliation.js';
import { spendSection } from './sections/spend.js';
import { STYLE } from './style.js';
import type { HtmlData } from './types.js';

/**
 * Nothing on the page may reach the network: the chart library and the page's
 * script are inlined, and the policy forbids every fetch, so a page opened from
 * an email attachment shows the same thing offline as online.
 */
const POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The scripts inlined in every page: ECharts (its own minified build, Apache-2.0) and the page's own. */
async function scripts(): Promise<Html[]> {
  const require = createRequire(import.meta.url);
  const echarts = await readFile(require.resolve('echarts/dist/echarts.common.min'), 'utf8');
  const client = await readFile(new URL('./client/html-client.global.js', import.meta.url), 'utf8');
  return [inlineScript(echarts, 'echarts'), inlineScript(client, 'the page script')];
}

/** One self-contained HTML document: markup with every figure, the data as JSON, the scripts that draw the charts. */
export async function renderPage(data: HtmlData): Promise<string> {
  const range = data.scope.firstDay ? `${data.scope.firstDay} to ${data.scope.lastDay}` : 'no calls';
  const sections = [
    teamsSection(data),
    spendSection(data),
    modelsSection(data),
    allocationSection(data),
    budgetsSection(data),
    anomaliesSection(data),
    interactionsSection(data),
    reconciliationSection(data),
  ].filter((s) => s !== null);
  const toc = sections.map((s) => /<section id="([^"]+)" class="card"><h2>([^<]+)<\/h2>/.exec(s.text)).filter((m) => m !== null);
  const filters = [data.scope.from && `from ${data.scope.from}`, data.scope.to && `to ${data.scope.to}`, ...data.scope.where.map((w) => `--where ${w}`)].filter(Boolean).join(', ');
  const skipped = data.models.skippedLines;
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="costkit html">
<title>${`LLM spend: ${range}`}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
<main>
<header class="page"><h1>LLM spend, ${range}</h1><div class="meta">${data.scope.files.join(', ')}${filters ? ` (${filters})` : ''} · generated ${data.generatedAt.slice(0, 16).replace('T', ' ')} UTC by costkit html</div></header>
<nav class="toc no-print">${toc.map((m) => html`<a href="#${m[1]!}">${trusted(m[2]!)}</a>`)}<button type="button" data-action="print">Print / save as PDF</button></nav>
${skipped > 0 ? html`<p class="notice">${skipped} lines of the event files are not events and were left out (costkit report lists them on stderr).</p>` : null}
<noscript><p class="notice">The charts need JavaScript; every figure is in the tables.</p></noscript>
${headline(data)}
${sections}
<footer>Figures are the JSON of the costkit commands named in each section, over the same files; costs are summed in integer pico-dollars. Hover a figure for every digit.</footer>
</main>
<script type="application/json" id="costkit-data">${trusted(jsonForScript(data))}</script>
${await scripts()}
</body>
</html>
`;
  return doc.text;
}
