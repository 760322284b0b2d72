import { MaxTokensExceededError } from '../errors.js';
import type { BeforeCallHook, CallContext } from '../call-hooks.js';
import type { CallAnnotations } from '../recorder.js';
import type { OutputCapField, RequestEdits } from '../providers/adapter.js';
import type { GuardOptions } from './options-schema.js';

type MaxTokensOptions = NonNullable<GuardOptions['maxTokens']>;

interface Limits {
  default: number | undefined;
  cap: number | undefined;
  /** Where each was set, for messages. */
  defaultSetAt: string;
  capSetAt: string;
  /**
   * The output-cap fields (one per provider operation: the adapters' constants)
   * whose default has been reported for this model: no key string built per call.
   */
  defaultReported: Set<OutputCapField>;
  /**
   * What a request with no cap gets, made once: the edit and the event's
   * `outputCap` are the same for every such call (frozen, as they are shared).
   */
  defaulted: { edits: RequestEdits; outputCap: NonNullable<CallAnnotations['outputCap']> } | undefined;
}

/**
 * `guard.maxTokens`: a request with no output cap gets `default` (or `cap`
 * when no default is set: a cap the request can dodge by not asking is no
 * cap); one above `cap` is clamped or refused before it is sent. Where the cap
 * lives in each request is the provider adapter's business. Clamps and
 * refusals each emit a guard event; a default emits one per model per init
 * (every call's event carries `outputCap` anyway).
 */
export function maxTokensGuard(options: MaxTokensOptions): BeforeCallHook {
  const onExceed = options.onExceed ?? 'clamp';
  const resolved = new Map<string, Limits>();

  return (call: CallContext) => {
    const { spec } = call;
    const field = call.adapter.outputCap(spec.operation, call.target);
    if (!field) return undefined;
    let limits = resolved.get(spec.model);
    if (!limits) {
      if (resolved.size >= 1000) resolved.clear();
      resolved.set(spec.model, (limits = limitsFor(options, spec.model)));
    }
    const { requested, field: name } = field.read(call);

    let applied: number;
    let action: 'defaulted' | 'clamped';
    if (requested === undefined) {
      const fallback = field.implicit === undefined ? (limits.default ?? limits.cap) : undefined;
      if (fallback !== undefined) {
        applied = limits.cap === undefined ? fallback : Math.min(fallback, limits.cap);
        action = 'defaulted';
      } else if (field.implicit !== undefined && limits.cap !== undefined && field.implicit > limits.cap) {
        applied = limits.cap;
        action = 'clamped';
      } else {
        return undefined;
      }
    } else if (limits.cap !== undefined && requested > limits.cap) {
      if (onExceed === 'throw') {
        const error = new MaxTokensExceededError({ provider: spec.provider, model: spec.model, field: name, requested, cap: limits.cap, setAt: limits.capSetAt });
        call.emit({ schema: 'costkit.guard/1', guard: 'maxTokens', action: 'refused', detail: error.message, field: name, requested, cap: limits.cap });
        throw error;
      }
      applied = limits.cap;
      action = 'clamped';
    } else {
      return undefined;
    }

    if (action === 'clamped') {
      call.emit({
        schema: 'costkit.guard/1',
        guard: 'maxTokens',
        action,
        detail: `${name} ${requested ?? `(API default ${field.implicit})`} clamped to ${applied}, the cap set by ${limits.capSetAt}`,
        field: name,
        requested: requested ?? field.implicit ?? null,
        applied,
        cap: limits.cap,
      });
    } else {
      if (!limits.defaultReported.has(field)) {
        limits.defaultReported.add(field);
        call.emit({
          schema: 'costkit.guard/1',
          guard: 'maxTokens',
          action,
          detail: `no output cap in the request: ${name} set to ${applied} by ${limits.default !== undefined ? limits.defaultSetAt : limits.capSetAt} (reported once per model; each call event carries outputCap)`,
          field: name,
          requested: null,
          applied,
        });
      }
    }
    if (action === 'defaulted' && field.implicit === undefined) {
      const shared = (limits.defaulted ??= { edits: Object.freeze({ outputCap: applied }), outputCap: Object.freeze({ requested: null, applied, action }) });
      // The annotations object becomes the call's own (later annotations merge into it): fresh per call.
      return { edits: shared.edits, annotations: { outputCap: shared.outputCap } };
    }
    return { edits: { outputCap: applied }, annotations: { outputCap: { requested: requested ?? null, applied, action } } };
  };
}

/** The model's own entry in `perModel` (exact name, else the longest `prefix*` key), over the global values. */
function limitsFor(options: MaxTokensOptions, model: string): Limits {
  const perModel = options.perModel ?? {};
  let key: string | undefined = Object.prototype.hasOwnProperty.call(perModel, model) ? model : undefined;
  if (key === undefined) {
    for (const candidate of Object.keys(perModel)) {
      if (candidate.endsWith('*') && model.startsWith(candidate.slice(0, -1)) && (key === undefined || candidate.length > key.length)) key = candidate;
    }
  }
  const own = key === undefined ? undefined : perModel[key];
  const where = (name: 'cap' | 'default', value: number | undefined, fromModel: boolean) =>
    fromModel ? `init({ guard: { maxTokens: { perModel: { '${key}': { ${name}: ${value} } } } })` : `init({ guard: { maxTokens: { ${name}: ${value} } } })`;
  const cap = own?.cap ?? options.cap;
  const dflt = own?.default ?? options.default;
  return {
    default: dflt,
    cap,
    defaultSetAt: where('default', dflt, own?.default !== undefined),
    capSetAt: where('cap', cap, own?.cap !== undefined),
    defaultReported: new Set(),
    defaulted: undefined,
  };
}
