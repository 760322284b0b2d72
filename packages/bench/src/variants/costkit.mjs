// costkit as an app runs it: init() with an exporter (here one that counts call
// events), optionally with guards and an in-memory budget, and calls made inside
// a withTags scope or outside any.
import costkit, { withTags } from 'costkit';

const TAGS = { team: 'bench', feature: 'call-path' };
const GUARDED = {
  guard: { maxRetries: 2, maxTokens: { default: 1024, cap: 8192 } },
  budgets: [{ name: 'bench-day', match: { team: 'bench' }, window: 'day', limitUsd: 1_000_000, onExceed: 'throw' }],
};

/** True when init() rejected `budgets` as an option it does not know (budgets not built yet). */
export function budgetsUnknown(error) {
  return error?.code === 'COSTKIT_CONFIG' && (error.issues ?? []).some((issue) => !issue.path.startsWith('budgets') && /'budgets'/.test(issue.message));
}

export async function setupCostkit({ scoped, guarded }) {
  let recorded = 0;
  const exporter = {
    async export(events) {
      for (const event of events) if (event.schema === 'costkit.call/1') recorded++;
    },
  };
  try {
    await costkit.init({ exporters: [exporter], ...(guarded ? GUARDED : {}) });
  } catch (error) {
    if (guarded && budgetsUnknown(error)) return { unavailable: "init({ budgets }) is not accepted by this costkit build (budgets not built yet)" };
    throw error;
  }
  return {
    scope: scoped ? (fn) => withTags(TAGS, fn) : undefined,
    async recorded() {
      await costkit.flush();
      return recorded;
    },
  };
}
