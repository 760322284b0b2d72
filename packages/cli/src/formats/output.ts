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
    // A report's csv is opened in a spreadsheet: a tag value such as
    // `=HYPERLINK(…)` must stay text there, so text cells that start like a
    // formula get a leading quote (numbers, negative ones included, are kept).
    return stringify([view.columns.map((c) => c.header), ...records], { escape_formulas: true });
  }
  const columns = view.columns.filter((c) => !c.csvOnly);
  // Tag values and model names come from the ledger as written: on a terminal
  // or in a Markdown table, a control character or a newline in one must show
  // as an escape, never move the cursor, recolour the screen or start a row.
  const cells = view.rows.map((row) => columns.map((c) => printable(c.human ? c.human(row) : String(c.value(row) ?? '-'))));
  const notes = (view.notes ?? []).map(printable);
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

// C0 controls (newline and tab included), DEL, the C1 controls, the line
// separators and the bidirectional overrides (as costkit's pretty stdout exporter).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text as it may reach a terminal or a Markdown table: each control character as a visible `\xNN` / `\n` escape. */
export function printable(text: string): string {
  return text.replace(CONTROL, (ch) => (ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : ch === '\r' ? '\\r' : escapeCode(ch.charCodeAt(0))));
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
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
