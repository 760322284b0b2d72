type Direction = 'ascending' | 'descending';

/**
 * Click a header to sort by that column; again to reverse. Cells are compared by
 * their `data-value` (the raw figure), numbers as numbers; empty values go last
 * in both directions.
 */
export function makeSortable(table: HTMLTableElement): void {
  const headers = Array.from(table.tHead?.rows[0]?.cells ?? []);
  headers.forEach((th, column) => {
    th.querySelector('button')?.addEventListener('click', () => {
      const current = th.getAttribute('aria-sort');
      const numeric = th.dataset.type === 'number';
      const direction: Direction = current === 'descending' ? 'ascending' : current === 'ascending' ? 'descending' : numeric ? 'descending' : 'ascending';
      for (const other of headers) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', direction);
      sortRows(table, column, numeric, direction);
    });
  });
}

function sortRows(table: HTMLTableElement, column: number, numeric: boolean, direction: Direction): void {
  const body = table.tBodies[0];
  if (!body) return;
  const sign = direction === 'ascending' ? 1 : -1;
  const keyed = Array.from(body.rows).map((row, index) => ({ row, index, value: row.cells[column]?.dataset.value ?? '' }));
  keyed.sort((a, b) => {
    if (a.value === '' || b.value === '') return a.value === b.value ? a.index - b.index : a.value === '' ? 1 : -1;
    const order = numeric ? Number(a.value) - Number(b.value) : a.value.localeCompare(b.value);
    return order === 0 ? a.index - b.index : sign * order;
  });
  for (const { row } of keyed) body.appendChild(row);
}
