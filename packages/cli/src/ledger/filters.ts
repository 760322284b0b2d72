import { UsageError } from '../errors.js';
import { sqlIdent, sqlString } from './sql.js';

/** `--from`, `--to` (exclusive) and `--where`, as every command takes them. */
export interface Filters {
  /** ISO instant, inclusive. */
  from?: string;
  /** ISO instant, exclusive. */
  to?: string;
  where?: WhereClause[];
}

export interface WhereClause {
  key: string;
  value: string;
  negate: boolean;
}

/** Event fields a key names before any tag of that name; `tag:<name>` always means the tag. */
const FIELD_KEYS: Record<string, string> = {
  provider: 'provider',
  model: 'model',
  environment: 'environment',
  service: 'service',
  operation: 'operation',
  status: 'status',
  interaction: 'interactionId',
};

/** Time buckets `--by` accepts, as UTC strings. */
const TIME_KEYS: Record<string, string> = {
  hour: `strftime("timestamp", '%Y-%m-%dT%H:00Z')`,
  day: `strftime("timestamp", '%Y-%m-%d')`,
  month: `strftime("timestamp", '%Y-%m')`,
};

export const BY_KEYS_HELP = 'tag names, provider, model, environment, service, operation, status, day, month, hour, interaction';

/** The SQL of a `--by` or `--where` key: an event field, a time bucket, or a tag. */
export function keyExpression(key: string): string {
  if (key.startsWith('tag:')) return `tags[${sqlString(key.slice(4))}]`;
  const field = FIELD_KEYS[key];
  if (field) return sqlIdent(field);
  const time = TIME_KEYS[key];
  if (time) return time;
  return `tags[${sqlString(key)}]`;
}

/** `team,feature` -> ['team', 'feature']; rejects empty names. */
export function parseByKeys(value: string): string[] {
  const keys = value.split(',').map((k) => k.trim());
  if (keys.some((k) => k === '' || k === 'tag:')) throw new UsageError(`--by '${value}': a key is empty; give comma-separated keys such as --by team,feature (${BY_KEYS_HELP})`);
  return [...new Set(keys)];
}

/** `key=value` or `key!=value`; a `*` in the value matches any characters. */
export function parseWhere(text: string): WhereClause {
  const m = /^([^=!]+)(!?=)(.*)$/.exec(text);
  if (!m || m[1]!.trim() === '') throw new UsageError(`--where '${text}': expected key=value or key!=value, e.g. --where feature=triage`);
  return { key: m[1]!.trim(), value: m[3]!, negate: m[2] === '!=' };
}

/** An ISO date (2026-11-01), month (2026-11) or date-time, as an ISO instant; UTC unless it says otherwise. */
export function parseInstant(flag: string, text: string): string {
  let candidate = text.trim();
  if (/^\d{4}-\d{2}$/.test(candidate)) candidate += '-01';
  if (/^\d{4}-\d{2}-\d{2}$/.test(candidate)) candidate += 'T00:00:00Z';
  else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(candidate)) candidate += 'Z';
  const ms = Date.parse(candidate);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(candidate) || Number.isNaN(ms)) {
    throw new UsageError(`${flag} '${text}': expected an ISO date such as 2026-11-01 (UTC) or a date-time such as 2026-11-01T12:00:00Z`);
  }
  return new Date(ms).toISOString();
}

/** The WHERE condition for calls (true when there are no filters). */
export function filterSql(filters: Filters): string {
  const parts: string[] = [];
  if (filters.from) parts.push(`"timestamp" >= TIMESTAMPTZ ${sqlString(filters.from)}`);
  if (filters.to) parts.push(`"timestamp" < TIMESTAMPTZ ${sqlString(filters.to)}`);
  // Values of one key are alternatives (feature=a --where feature=b: either); keys combine.
  const byKey = new Map<string, WhereClause[]>();
  for (const clause of filters.where ?? []) byKey.set(clause.key, [...(byKey.get(clause.key) ?? []), clause]);
  for (const [key, clauses] of byKey) {
    const expr = key === 'tagged' ? 'tagged' : keyExpression(key);
    const positives = clauses.filter((c) => !c.negate).map((c) => match(key, expr, c.value));
    const negatives = clauses.filter((c) => c.negate).map((c) => `NOT coalesce(${match(key, expr, c.value)}, false)`);
    if (positives.length) parts.push(`(${positives.join(' OR ')})`);
    parts.push(...negatives);
  }
  return parts.length ? parts.join(' AND ') : 'true';
}

function match(key: string, expr: string, value: string): string {
  if (key === 'tagged') {
    if (value !== 'true' && value !== 'false') throw new UsageError(`--where tagged=${value}: expected tagged=true or tagged=false`);
    return `${expr} = ${value}`;
  }
  return value.includes('*') ? `${expr} GLOB ${sqlString(value)}` : `${expr} = ${sqlString(value)}`;
}
