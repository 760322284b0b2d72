import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactUsd, formatUsd } from '../src/formats/money.js';
import { openFile, startBrowser, type Browser, type OpenedPage } from './helpers/browser.js';
import { costkit } from './helpers/cli.js';
import { calls, sumPico, usd, type Event } from './helpers/ledger.js';
import { tempDir } from './helpers/record.js';
import { HOSTILE, HOSTILE_MODEL, readEvents, recordReviewLedger, writeInvoice } from './helpers/review-scenario.js';

// The page in Debian's Chromium (playwright-core, no browser download): what a
// finance partner opening the attachment sees, checked against the ledger.
let file: string;
let events: Event[];
let variancePico: bigint;
let browser: Browser;
let opened: OpenedPage;
let page: Page;

beforeAll(async () => {
  const dir = tempDir();
  const ledger = join(dir, 'events.jsonl');
  await recordReviewLedger(ledger);
  events = calls(readEvents(ledger));
  const invoice = join(dir, 'invoice.csv');
  variancePico = writeInvoice(invoice, events);
  const config = join(dir, 'budgets.json');
  writeFileSync(config, JSON.stringify([{ name: 'search-month', match: { team: 'search' }, window: 'month', limitUsd: 1 }]));
  file = join(dir, 'report.html');
  const made = await costkit(['html', ledger, '-o', file, '--config', config, '--invoice', invoice, '--min-usd', '0.01']);
  expect(made.code, made.stderr).toBe(0);
  browser = await startBrowser();
  opened = await openFile(browser, file);
  page = opened.page;
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const spend = (f: (e: Event) => boolean) => usd(sumPico(events.filter(f)));
const cells = (table: string, column: number) => page.$$eval(`#${table} tbody tr`, (rows, c) => rows.map((r) => (r.children[c] as HTMLElement).dataset.value ?? ''), column);

describe('costkit html in a browser', () => {
  it('loads with no console error and asks for nothing but the file itself', async () => {
    expect(opened.errors).toEqual([]);
    expect(opened.requests).toEqual([page.url()]);
    expect(statSync(file).size).toBeLessThan(2_000_000);
  });

  it('draws every chart, each with the data of its spec', async () => {
    const charts = await page.$$eval('[data-chart]', (boxes) =>
      boxes.map((box) => {
        const chart = (window as any).echarts.getInstanceByDom(box);
        return { id: (box as HTMLElement).dataset.chart, paths: box.querySelectorAll('svg path').length, series: chart?.getOption().series.map((s: any) => s.data) };
      }),
    );
    const spec = JSON.parse(await page.$eval('#costkit-data', (el) => el.textContent!)).charts;
    expect(charts.map((c) => c.id).sort()).toEqual(Object.keys(spec).sort());
    expect(charts.length).toBeGreaterThanOrEqual(7);
    for (const c of charts) {
      expect(c.paths, c.id).toBeGreaterThan(spec[c.id!].categories.length);
      expect(c.series, c.id).toEqual(spec[c.id!].series.map((s: any) => s.values));
    }
  });

  it('shows the ledger’s figures', async () => {
    const kpi = (name: string) => page.$eval(`[data-kpi="${name}"] .kpi-value`, (el) => ({ text: el.textContent, value: Number((el as HTMLElement).dataset.value), title: el.getAttribute('title') }));
    const total = spend(() => true);
    expect(await kpi('total')).toEqual({ text: formatUsd(total), value: total, title: exactUsd(total) });
    expect((await kpi('unallocated')).value).toBe(spend((e) => !e.tagged));
    expect((await kpi('reconcile-variance')).value).toBe(usd(variancePico));
    const teams = await page.$$eval('#table-teams tbody tr', (rows) => rows.map((r) => [r.children[0]!.textContent, Number((r.children[1] as HTMLElement).dataset.value), r.children[1]!.textContent]));
    for (const [team, value, text] of teams) {
      const expected = spend((e) => e.tags.team === team);
      expect([team, value, text]).toEqual([team, expected, formatUsd(expected)]);
    }
    expect(teams.map((t) => t[0])).toContain(HOSTILE);
    const models = await page.$$eval('#table-models tbody tr', (rows) => rows.map((r) => [r.children[1]!.textContent, Number((r.children[2] as HTMLElement).dataset.value)]));
    for (const [model, value] of models) expect(value).toBe(spend((e) => e.model === model));
    expect(models.map((m) => m[0])).toContain(HOSTILE_MODEL);
    const budget = await page.$$eval('#table-budgets tbody td', (tds) => tds.map((td) => td.textContent));
    expect(budget.slice(0, 4)).toEqual(['search-month', 'month', formatUsd(spend((e) => e.tags.team === 'search')), '$1.00']);
  });

  it('sorts a table by the header clicked, then the other way', async () => {
    const costs = () => cells('table-models', 2).then((v) => v.map(Number));
    const desc = [...(await costs())].sort((a, b) => b - a);
    expect(await costs()).toEqual(desc);
    await page.click('#table-models th:nth-child(3) button');
    expect(await costs()).toEqual([...desc].reverse());
    expect(await page.getAttribute('#table-models th:nth-child(3)', 'aria-sort')).toBe('ascending');
    await page.click('#table-models th:nth-child(2) button');
    const models = await cells('table-models', 1);
    expect(models).toEqual([...models].sort((a, b) => a.localeCompare(b)));
    await page.click('#table-models th:nth-child(3) button');
    expect(await costs()).toEqual(desc);
  });

  it('shows exact values in tooltips, with names as text', async () => {
    const day = '2026-11-03';
    const expected = spend((e) => e.tags.team === HOSTILE && e.timestamp.startsWith(day));
    const tip = await page.evaluate((d) => {
      const box = document.querySelector('[data-chart="cost-by-team"]')!;
      const chart = (window as any).echarts.getInstanceByDom(box);
      chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: chart.getOption().xAxis[0].data.indexOf(d) });
      const el = Array.from(box.querySelectorAll('div')).find((x) => x.querySelector('.tip'))!;
      return { text: el.textContent, images: el.querySelectorAll('img, script').length };
    }, day);
    expect(tip.text).toContain(day);
    expect(tip.text).toContain(`${HOSTILE.split('\n')[0]}`);
    expect(tip.text).toContain(exactUsd(spend((e) => e.tags.team === 'search' && e.timestamp.startsWith(day))));
    expect(tip.text).toContain(exactUsd(expected));
    expect(tip.images).toBe(0);
  });

  it('keeps hostile tag values as text: no script of theirs runs, no element of theirs exists', async () => {
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(await page.$$eval('script', (s) => s.length)).toBe(3);
    expect(await page.$$eval('img', (s) => s.length)).toBe(0);
    expect(await page.$$eval('b', (bs) => bs.filter((b) => b.textContent === 'bold').length)).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=x');
  });

  it('fits a laptop screen without sideways scrolling', async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  });

  it('prints: the print sheet hides the controls, keeps sections whole, and the PDF renders', async () => {
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => ({ nav: getComputedStyle(document.querySelector('nav.toc')!).display, section: getComputedStyle(document.querySelector('section.card')!).breakInside }));
    expect(printed).toEqual({ nav: 'none', section: 'avoid' });
    // Redrawn for the printed page: each chart as wide as its box there, scaled to it if not.
    // Emulating print media fires the page's matchMedia('print') listener on a later
    // rendering step (a real print fires beforeprint first, synchronously): wait for it.
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-chart]')).every((b) => Number(b.querySelector('svg')?.getAttribute('width')) === b.clientWidth),
      undefined,
      { timeout: 10_000 },
    );
    const fits = await page.$$eval('[data-chart]', (boxes) => boxes.map((b) => [Number(b.querySelector('svg')!.getAttribute('width')), b.clientWidth, b.querySelector('svg')!.getAttribute('viewBox')]));
    for (const [drawn, box, viewBox] of fits) expect([drawn, viewBox]).toEqual([box, `0 0 ${box} ${(viewBox as string).split(' ')[3]}`]);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThan(1);
    await page.emulateMedia({ media: 'screen' });
  });
});
