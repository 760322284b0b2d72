import { MaxTokensExceededError } from '../errors.js';
import type { BeforeCallContext, BeforeCallHook } from '../runtime.js';
import type { GuardOptions } from './options-schema.js';
import { emitGuardEvent } from './events.js';
import { outputCapAccess } from './output-cap.js';

type MaxTokensOptions = NonNullable<GuardOptions['maxTokens']>;

interface Limits {
  default: number | undefined;
  cap: number | undefined;
  /** Where each was set, for messages. */
  defaultSetAt: string;
  capSetAt: string;
}

/**
 * `guard.maxTokens`: a request with no output cap gets `default` (or `cap`
 * when no default is set: a cap the request can dodge by not asking is no
 * cap); one above `cap` is clamped or refused before it is sent. Clamps and
 * refusals each emit a guard event; a default emits one per model per init
 * (every call's event carries `outputCap` anyway).
 */
export function maxTokensGuard(options: MaxTokensOptions): BeforeCallHook {
  const onExceed = options.onExceed ?? 'clamp';
  const resolved = new Map<string, Limits>();
  const defaultedSeen = new Set<string>();

  return (context: BeforeCallContext) => {
    const { spec } = context;
    const access = outputCapAccess(spec.provider, spec.operation, context.target);
    if (!access) return undefined;
    let limits = resolved.get(spec.model);
    if (!limits) {
      if (resolved.size >= 1000) resolved.clear();
      resolved.set(spec.model, (limits = limitsFor(options, spec.model)));
    }
    const { requested, field } = access.read(context.params, context.target);

    let applied: number;
    let action: 'defaulted' | 'clamped';
    if (requested === undefined) {
      const fallback = access.implicit === undefined ? (limits.default ?? limits.cap) : undefined;
      if (fallback !== undefined) {
        applied = limits.cap === undefined ? fallback : Math.min(fallback, limits.cap);
        action = 'defaulted';
      } else if (access.implicit !== undefined && limits.cap !== undefined && access.implicit > limits.cap) {
        applied = limits.cap;
        action = 'clamped';
      } else {
        return undefined;
      }
    } else if (limits.cap !== undefined && requested > limits.cap) {
      if (onExceed === 'throw') {
        const error = new MaxTokensExceededError({ provider: spec.provider, model: spec.model, field, requested, cap: limits.cap, setAt: limits.capSetAt });
        emitGuardEvent(context, { guard: 'maxTokens', action: 'refused', detail: error.message, field, requested, cap: limits.cap });
        throw error;
      }
      applied = limits.cap;
      action = 'clamped';
    } else {
      return undefined;
    }

    const params = access.write(context.params, context.target, applied);
    (context.annotations ??= {}).outputCap = { requested: requested ?? null, applied, action };
    if (action === 'clamped') {
      emitGuardEvent(context, {
        guard: 'maxTokens',
        action,
        detail: `${field} ${requested ?? `(API default ${access.implicit})`} clamped to ${applied}, the cap set by ${limits.capSetAt}`,
        field,
        requested: requested ?? access.implicit ?? null,
        applied,
        cap: limits.cap,
      });
    } else {
      const key = `${spec.provider}\0${spec.operation}\0${spec.model}`;
      if (!defaultedSeen.has(key)) {
        defaultedSeen.add(key);
        emitGuardEvent(context, {
          guard: 'maxTokens',
          action,
          detail: `no output cap in the request: ${field} set to ${applied} by ${limits.default !== undefined ? limits.defaultSetAt : limits.capSetAt} (reported once per model; each call event carries outputCap)`,
          field,
          requested: null,
          applied,
        });
      }
    }
    return params;
  };
}

/** The model's own entry in `perModel` (exact name, else the longest `prefix*` key), over the global values. */
export function limitsFor(options: MaxTokensOptions, model: string): Limits {
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
  };
}
