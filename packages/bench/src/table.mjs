// Prints a result table as Markdown, so the same text reads in a terminal and
// pastes into docs/benchmarks.md.
export function markdownTable(columns, rows) {
  const cells = rows.map((row) => columns.map((column) => String(row[column] ?? '—')));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i].length)));
  const line = (values) => `| ${values.map((value, i) => value.padEnd(widths[i])).join(' | ')} |`;
  return [line(columns), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}

export function printTable(title, columns, rows) {
  console.log(`\n### ${title}\n`);
  console.log(markdownTable(columns, rows));
}
