import type { BudgetEvent } from '../../event.js';

/**
 * A budget event as a Slack message (incoming-webhook JSON: `text` for
 * notifications and clients without blocks, `blocks` for the layout). Other
 * chat tools that take Slack-compatible webhooks read `text`.
 */
export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

const ICON: Record<BudgetEvent['kind'], string> = {
  threshold: ':warning:',
  exceeded: ':rotating_light:',
  refused: ':no_entry:',
  degraded: ':arrow_down:',
  'store-unavailable': ':electric_plug:',
};

export function slackMessage(event: BudgetEvent): SlackMessage {
  const headline = `${ICON[event.kind]} ${headlineOf(event)}`;
  const fields = [
    field('Spent', `${usd(event.spentUsd)} of ${usd(event.limitUsd)} (${percent(event.spentUsd, event.limitUsd)})`),
    field('Held for calls in flight', usd(event.reservedUsd)),
    field('Window (UTC)', `${day(event.window.start)} → ${day(event.window.end)}`),
  ];
  if (event.projectedExhaustionAt !== undefined) {
    fields.push(field('Projected exhaustion', event.projectedExhaustionAt ? day(event.projectedExhaustionAt) : 'not within this window'));
  }
  const top = (event.topTags ?? []).map((t) => `${t.tag}=${t.value} ${usd(t.spentUsd)}`).join(' · ');
  const context = [`${event.service} · ${event.environment}`, top ? `top tags: ${top}` : undefined].filter(Boolean).join(' · ');
  const text = [headline, `${usd(event.spentUsd)} of ${usd(event.limitUsd)} spent, window ${day(event.window.start)} → ${day(event.window.end)} UTC.`, top ? `Top tags: ${top}.` : '', projection(event)]
    .filter(Boolean)
    .join(' ');
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: headline } },
      { type: 'section', fields },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
    ],
  };
}

function headlineOf(e: BudgetEvent): string {
  const name = `*${e.budget}*`;
  switch (e.kind) {
    case 'threshold':
      return `Budget ${name} crossed ${Math.round((e.threshold ?? 0) * 100)}% of its ${usd(e.limitUsd)} limit`;
    case 'exceeded':
      return `Budget ${name} reached its ${usd(e.limitUsd)} limit`;
    case 'refused':
      return `Budget ${name} refused a call to ${e.model ?? 'a model'}`;
    case 'degraded':
      return `Budget ${name} sent ${e.model ?? 'a call'} as ${e.degradedTo ?? 'a cheaper model'}`;
    case 'store-unavailable':
      return `Budget ${name}: the budget store cannot be reached`;
  }
}

function projection(e: BudgetEvent): string {
  if (e.projectedExhaustionAt === undefined) return '';
  return e.projectedExhaustionAt ? `Projected to run out ${day(e.projectedExhaustionAt)} at the current burn rate.` : 'At the current burn rate it lasts the window.';
}

function field(title: string, value: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: `*${title}*\n${value}` };
}

function usd(value: number): string {
  if (value >= 1) return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `$${Number(value.toPrecision(3))}`;
}

function percent(spent: number, limit: number): string {
  return limit > 0 ? `${Math.round((spent / limit) * 100)}%` : '–';
}

/** `2026-12-24 10:00` from an ISO time. */
function day(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
