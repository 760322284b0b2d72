import type { CallEvent, CostkitEvent } from '../../event.js';

/**
 * Every character a terminal could act on, shown instead as an escape: C0 and C1
 * controls (ESC, CR, a newline that would start a forged `[costkit]` line), DEL,
 * the line and paragraph separators, and the bidirectional overrides that reorder
 * what is displayed. Printable text, any script, is kept as it is.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A tag key or value as one token of the line: quoted when it holds a space, '=' or a quote, so it cannot pose as another tag. */
function token(text: string): string {
  const safe = escapeForTerminal(text);
  return /^[^\s="]+$/.test(safe) ? safe : `"${safe.replace(/"/g, '\\"')}"`;
}

/** One line per event; whatever it holds, nothing in it can act on a terminal. */
export function prettyLine(event: CostkitEvent): string {
  return escapeForTerminal(event.schema === 'costkit.call/1' ? formatCall(event) : formatOther(event));
}

function formatOther(event: Exclude<CostkitEvent, CallEvent>): string {
  const detail = 'detail' in event && typeof event.detail === 'string' ? ` ${event.detail}` : '';
  return `[costkit] ${event.schema} ${tagList(event.tags)}${detail}`;
}

function tagList(tags: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(tags ?? {})
    .map(([k, v]) => `${token(k)}=${token(String(v))}`)
    .join(' ');
}

function formatCall(e: CallEvent): string {
  const u = e.usage;
  const tokens = u ? `${u.inputTokens} in / ${u.outputTokens} out` + (u.cacheReadTokens ? ` (${u.cacheReadTokens} cached)` : '') : 'no usage';
  const cost = e.cost ? formatUsd(e.cost.total) : 'unpriced';
  const status = e.status === 'ok' ? '' : ` ${String(e.status).toUpperCase()}${e.error ? ` ${e.error.type}` : ''}`;
  return `[costkit] ${e.provider} ${e.operation} ${e.model}${e.stream ? ' (stream)' : ''} ${tokens} ${cost} ${Number(e.latencyMs).toFixed(0)}ms${status} ${tagList(e.tags)}`;
}

/** Enough decimals that a call of a few tokens does not read as $0.000000. */
function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  return `$${amount >= 0.01 ? amount.toFixed(4) : amount.toFixed(10).replace(/0+$/, '')}`;
}
