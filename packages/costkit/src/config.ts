import * as z from 'zod/mini';
import { CostkitConfigError } from './errors.js';
import { PROVIDER_IDS, type Provider } from './providers/ids.js';
import { validateTags, type Tags } from './context.js';
import { exporterOptionSchema } from './exporters/spec.js';
import { pipelineOptionsSchema } from './pipeline-options.js';
import { pricingOptionsSchema } from './pricing/options-schema.js';
import { guardOptionsSchema } from './guard/options-schema.js';
import { alertsOptionSchema, budgetStoreOptionSchema, budgetsOptionSchema } from './budget/options-schema.js';
import { lazySection } from './lazy-schema.js';

// The only zod on the way in: init options are checked once, here, and every
// message names the option path and what was expected. A section's schema is
// built only when the app passes that option (lazySection).

const tagsSchema = z.custom<Tags>((value) => {
    try {
      validateTags(value, 'tags');
      return true;
    } catch {
      return false;
    }
  }, { message: "expected flat tags of string values, e.g. { team: 'platform' } (keys: letters, digits, '_', '.', ':', '-')" });

const tagSourceSchema = z.custom<() => Tags | undefined | null>((value) => typeof value === 'function', {
  message: 'expected a function returning tags, e.g. () => ({ tenant: currentTenant() })',
});

const initOptionsSchema = z.strictObject({
  service: z.optional(z.string().check(z.minLength(1))),
  environment: z.optional(z.string().check(z.minLength(1))),
  defaultTags: z.optional(tagsSchema),
  requiredTags: z.optional(z.array(z.string().check(z.minLength(1)))),
  onMissingTags: z.optional(z.enum(['warn', 'throw'])),
  tagSources: z.optional(z.array(tagSourceSchema)),
  exporters: z.optional(z.array(exporterOptionSchema)),
  queue: z.optional(lazySection(pipelineOptionsSchema)),
  pricing: z.optional(lazySection(pricingOptionsSchema)),
  guard: z.optional(lazySection(guardOptionsSchema)),
  /** Spend envelopes enforced before each call (contract section 6.1). */
  budgets: z.optional(lazySection(budgetsOptionSchema)),
  /** Where budgets keep their spend; default: in memory, this process only. */
  budgetStore: z.optional(budgetStoreOptionSchema),
  /** Where budget events are posted besides the exporters (Slack-compatible webhooks). */
  alerts: z.optional(lazySection(alertsOptionSchema)),
  /** Per provider, false leaves its SDKs unpatched. */
  instrument: z.optional(z.strictObject(Object.fromEntries(PROVIDER_IDS.map((id) => [id, z.optional(z.boolean())])) as Record<Provider, z.ZodMiniOptional<z.ZodMiniBoolean>>)),
  openai: z.optional(z.strictObject({
      /**
       * Ask for `stream_options.include_usage` on chat and completion streams when
       * the app did not, and hide the usage-only final chunk from the app.
       */
      injectStreamUsage: z.optional(z.boolean()),
    })),
});

export type InitOptions = z.input<typeof initOptionsSchema>;
export type ParsedInitOptions = z.output<typeof initOptionsSchema>;

export function parseInitOptions(input: unknown): ParsedInitOptions {
  const result = initOptionsSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new CostkitConfigError(
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.code === 'unrecognized_keys' ? `unknown option(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}; check the spelling against the docs` : issue.message,
    })),
  );
}
