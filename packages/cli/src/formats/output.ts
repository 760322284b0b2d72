import { writeFile } from 'node:fs/promises';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../errors.js';

export const FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface Column<R> {
  header: string;
  /** The raw value: what csv prints. */
  value: (row: R) => string | number | boolean | null;
  /** For people (table, markdown); default: the raw value as text. */
  human?: (row: R) => string;
  align?: 'left' | 'right';
  /** Only in csv: a figure that makes the table too wide to read. */
  csvOnly?: boolean;
}

/** What a command shows as rows: the table, csv and markdown views of its JSON. */
export interface Tabular<R> {
  title?: string;
  columns: Column<R>[];
  rows: R[];
  /** Lines after the table (totals, the unallocated share, notes); not in csv. */
  notes?: string[];
}

export function renderTabular<R>(view: Tabular<R>, format: Exclude<Format, 'json'>): string {
  if (format === 'csv') {
    const records = view.rows.map((row) => view.columns.map((c) => csvCell(c.value(row))));
    return stringify([view.columns.map((c) => c.header), ...records]);
  }
  const columns = view.columns.filter((c) => !c.csvOnly);
  const cells = view.rows.map((row) => columns.map((c) => (c.human ? c.human(row) : String(c.value(row) ?? '-'))));
  const notes = view.notes ?? [];
  if (format === 'markdown') {
    const escape = (s: string) => s.replaceAll('|', '\\|');
    const header = `| ${columns.map((c) => escape(c.header)).join(' | ')} |`;
    const rule = `|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`;
    const body = cells.map((r) => `| ${r.map(escape).join(' | ')} |`);
    return [...(view.title ? [`## ${view.title}`, ''] : []), header, rule, ...body, ...(notes.length ? ['', ...notes] : []), ''].join('\n');
  }
  const table = new Table({
    head: columns.map((c) => c.header),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [] },
  });
  for (const row of cells) table.push(row);
  return [...(view.title ? [view.title] : []), view.rows.length ? table.toString() : '(no rows)', ...notes, ''].join('\n');
}

function csvCell(value: string | number | boolean | null): string | number | boolean {
  return value === null ? '' : value;
}

export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** To `--out <file>` or stdout. */
export async function emit(text: string, out?: string): Promise<void> {
  if (out) {
    await writeFile(out, text).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--out ${out}: cannot write it (${error.code ?? error.message})`);
    });
    return;
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}
