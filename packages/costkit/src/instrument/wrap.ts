/**
 * The one way costkit replaces a method: wrapped functions are marked with the
 * original, so a second `init()` (or a second copy of costkit) never wraps twice
 * and `unwrap` restores exactly what was there. Each patch belongs to an owner
 * (a provider id), so reconfiguring can unpatch one provider and keep the rest.
 */
const ORIGINAL = Symbol.for('costkit.original');

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
interface Patch {
  owner: string;
  target: object;
  name: PropertyKey;
  original: AnyFunction;
  wrapper: AnyFunction;
  hadOwn: boolean;
}

const patches: Patch[] = [];

export function isWrapped(fn: unknown): boolean {
  return typeof fn === 'function' && ORIGINAL in fn;
}

/**
 * Replaces `target[name]` with `makeWrapper(original)`. Feature-detected: a
 * missing method is skipped (returns false), never fatal, because SDK internals
 * move between versions.
 */
export function wrapMethod(owner: string, target: object, name: PropertyKey, makeWrapper: (original: AnyFunction) => AnyFunction): boolean {
  const current = (target as Record<PropertyKey, unknown>)[name];
  if (typeof current !== 'function' || isWrapped(current)) return false;
  const original = current as AnyFunction;
  const wrapper = makeWrapper(original);
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  const hadOwn = Object.prototype.hasOwnProperty.call(target, name);
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  Object.defineProperty(target, name, {
    value: wrapper,
    writable: true,
    configurable: true,
    enumerable: descriptor?.enumerable ?? false,
  });
  patches.push({ owner, target, name, original, wrapper, hadOwn });
  return true;
}

/** Restores the methods `owner` wrapped (every owner's when omitted), newest first. */
export function unwrap(owner?: string): void {
  for (let i = patches.length - 1; i >= 0; i--) {
    const patch = patches[i]!;
    if (owner !== undefined && patch.owner !== owner) continue;
    patches.splice(i, 1);
    const target = patch.target as Record<PropertyKey, unknown>;
    // Someone wrapped on top of us: leave their wrapper in place rather than drop it.
    if (target[patch.name] !== patch.wrapper) continue;
    if (patch.hadOwn) target[patch.name] = patch.original;
    else delete target[patch.name];
  }
}
