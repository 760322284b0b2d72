import { exactUsd, formatPct, formatUsd } from '../formats/money.js';
import { html, type Html } from './markup.js';

export interface PageColumn<R> {
  header: string;
  /** What the column sorts by, and the cell's `data-value`: the figure as the query gave it. */
  value: (row: R) => string | number | null;
  /** For people; default: the value as text ('-' for null). */
  human?: (row: R) => string;
  /** The exact figure, shown on hover. */
  exact?: (row: R) => string;
  numeric?: boolean;
  /** A name (team, model, route, date): kept on one line, its line breaks shown as they are. */
  key?: boolean;
}

export interface TableOptions {
  /** The column sorted at first (its rows already come in that order). */
  sortedBy?: { column: number; direction: 'ascending' | 'descending' };
  empty?: string;
}

/**
 * A table the page's script can sort: each header is a button, each cell carries
 * the raw figure in `data-value` so sorting (and a test) reads numbers, not text.
 */
export function table<R>(id: string, columns: PageColumn<R>[], rows: readonly R[], options: TableOptions = {}): Html {
  if (rows.length === 0) return html`<p class="empty">${options.empty ?? 'Nothing to show.'}</p>`;
  const head = columns.map((c, i) => {
    const sort = options.sortedBy?.column === i ? options.sortedBy.direction : 'none';
    return html`<th scope="col" class="${c.numeric ? 'num' : ''}" data-type="${c.numeric ? 'number' : 'text'}" aria-sort="${sort}"><button type="button">${c.header}</button></th>`;
  });
  const body = rows.map(
    (row) =>
      html`<tr>${columns.map((c) => {
        const value = c.value(row);
        const shown = c.human ? c.human(row) : value === null ? '-' : String(value);
        return html`<td class="${c.numeric ? 'num' : c.key ? 'key' : ''}" data-value="${value ?? ''}" title="${c.exact?.(row) ?? ''}">${shown}</td>`;
      })}</tr>`,
  );
  return html`<div class="table-wrap"><table class="sortable" id="${id}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export const usdColumn = <R>(header: string, get: (row: R) => number): PageColumn<R> => ({
  header,
  value: get,
  human: (r) => formatUsd(get(r)),
  exact: (r) => exactUsd(get(r)),
  numeric: true,
});

export const countColumn = <R>(header: string, get: (row: R) => number): PageColumn<R> => ({
  header,
  value: get,
  human: (r) => get(r).toLocaleString('en-US'),
  numeric: true,
});

/** A percent (0-100) column; null shows as '-'. */
export const pctColumn = <R>(header: string, get: (row: R) => number | null): PageColumn<R> => ({
  header,
  value: get,
  human: (r) => formatPct(get(r)),
  exact: (r) => (get(r) === null ? '' : `${get(r)}%`),
  numeric: true,
});

/** A name column (kept on one line); `key: false` for prose that wraps. */
export const textColumn = <R>(header: string, get: (row: R) => string | null, key = true): PageColumn<R> => ({
  header,
  value: get,
  human: (r) => get(r) ?? '(none)',
  key,
});
