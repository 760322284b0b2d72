import { exactUsd, formatUsd } from '../../formats/money.js';
import { html, type Html } from '../markup.js';

/** One section of the page: a heading, a line saying what it shows, its content. */
export function section(id: string, title: string, lede: Html | string | null, ...content: Array<Html | null>): Html {
  return html`<section id="${id}" class="card"><h2>${title}</h2>${lede ? html`<p class="lede">${lede}</p>` : null}${content}</section>`;
}

/** A headline figure; `data-value` holds it exactly as the query gave it. */
export function kpi(name: string, labelText: string, usd: number | null, note: Html | string | null, shown?: string): Html {
  const text = shown ?? (usd === null ? '-' : formatUsd(usd));
  return html`<div class="kpi" data-kpi="${name}"><div class="kpi-label">${labelText}</div><div class="kpi-value" data-value="${usd ?? ''}" title="${usd === null ? '' : exactUsd(usd)}">${text}</div>${note ? html`<div class="kpi-note">${note}</div>` : null}</div>`;
}

/** Where the page's script draws a chart (spec `id` in the embedded data). */
export function chart(id: string, description: string): Html {
  return html`<figure class="chart-box"><div class="chart" id="chart-${id}" data-chart="${id}" role="img" aria-label="${description}"></div><figcaption>${description}</figcaption></figure>`;
}

export const pair = (...charts: Html[]) => html`<div class="charts">${charts}</div>`;

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ') || '(no tags)';
