// Type-level checks of the public types, run by `pnpm typecheck` (not by vitest):
// a type that loosened (to unknown, say) leaves an @ts-expect-error unused, which
// fails the typecheck. The option and event schemas are built lazily
// (src/lazy-schema.ts) and their types must not notice.
import * as z from 'zod/mini';
import { callEventSchema, costkitEventSchema, usageSchema, type CallEvent, type InitOptions, type Usage } from '../../src/index.js';

export const accepted: InitOptions = {
  budgets: [{ name: 'search', window: 'day', limitUsd: 5, onExceed: 'degrade', degradeTo: { 'gpt-4o': 'gpt-4o-mini' } }],
  alerts: [{ type: 'webhook', url: 'https://hooks.example.com/x' }],
  pricing: { overrides: [{ model: 'gpt-4o', discount: '15%' }] },
  guard: { maxTokens: { cap: 1000 } },
  queue: { maxBatchSize: 100, whenFull: 'block' },
  exporters: [{ type: 'http', url: 'https://collector.example.com' }, { type: 'file', path: './events.jsonl' }],
};

// @ts-expect-error limitUsd is a number of USD
export const budgetLimitAsText: InitOptions = { budgets: [{ name: 'b', window: 'day', limitUsd: '5' }] };
// @ts-expect-error a window is 'day', 'month' or { hours }
export const budgetWeekWindow: InitOptions = { budgets: [{ name: 'b', window: 'week', limitUsd: 5 }] };
// @ts-expect-error an alert has a type
export const untypedAlert: InitOptions = { alerts: [{ url: 'https://hooks.example.com/x' }] };
// @ts-expect-error whenFull is 'dropOldest' or 'block'
export const queueWhenFull: InitOptions = { queue: { whenFull: 'wait' } };
// @ts-expect-error maxTokens.cap is a number
export const guardCap: InitOptions = { guard: { maxTokens: { cap: 'many' } } };
// @ts-expect-error an exporter entry is a built-in spec or an exporter object
export const exporterNeither: InitOptions = { exporters: [{ type: 'kafka' }] };

export const usage: Usage = usageSchema.parse({});
export const outputTokens: number = usage.outputTokens;
// @ts-expect-error Usage has no promptTokens
export const promptTokens = usage.promptTokens;

export const shapeKeys: string[] = Object.keys(callEventSchema.shape);
export const parsed: CallEvent | undefined = costkitEventSchema.parse({}).schema === 'costkit.call/1' ? callEventSchema.parse({}) : undefined;
export const ownSchema = z.object({ usage: usageSchema });
export const ownUsage: Usage = ownSchema.parse({}).usage;
