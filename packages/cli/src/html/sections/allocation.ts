import { formatPct, formatUsd } from '../../formats/money.js';
import type { UnallocatedOwner } from '../../query/report.js';
import { html, type Html } from '../markup.js';
import { countColumn, table, textColumn, usdColumn } from '../table.js';
import type { HtmlData } from '../types.js';
import { section, tagList } from './parts.js';

/** The calls made outside any withTags scope, and who owns them (their processes' defaultTags). */
export function allocationSection(data: HtmlData): Html {
  const u = data.models.unallocated;
  const columns = [
    textColumn<UnallocatedOwner>('Owner (defaultTags)', (o) => tagList(o.tags), false),
    usdColumn<UnallocatedOwner>('Cost', (o) => o.costUsd),
    countColumn<UnallocatedOwner>('Calls', (o) => o.calls),
  ];
  return section(
    'unallocated',
    'Unallocated',
    html`<strong>${formatUsd(u.costUsd)}</strong> (${formatPct(u.sharePct)} of cost, ${u.calls.toLocaleString('en-US')} calls) came from calls outside any <code>withTags</code> scope (<code>tagged: false</code>). They belong to the owner below until it tags them.`,
    table('table-unallocated', columns, u.owners, { sortedBy: { column: 1, direction: 'descending' }, empty: 'Every call was made inside a tagged scope.' }),
  );
}
