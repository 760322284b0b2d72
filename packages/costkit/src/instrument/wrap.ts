/**
 * The one way costkit replaces a method: wrapped functions are marked with the
 * original, so a second `init()` (or a second copy of costkit) never wraps twice
 * and `shutdown()` restores exactly what was there.
 */
const ORIGINAL = Symbol.for('costkit.original');

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
interface Patch {
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
export function wrapMethod(target: object, name: PropertyKey, makeWrapper: (original: AnyFunction) => AnyFunction): boolean {
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
  patches.push({ target, name, original, wrapper, hadOwn });
  return true;
}

/** Restores every method costkit wrapped, newest first. */
export function unwrapAll(): void {
  while (patches.length > 0) {
    const patch = patches.pop()!;
    const target = patch.target as Record<PropertyKey, unknown>;
    // Someone wrapped on top of us: leave their wrapper in place rather than drop it.
    if (target[patch.name] !== patch.wrapper) continue;
    if (patch.hadOwn) target[patch.name] = patch.original;
    else delete target[patch.name];
  }
}

export function patchedCount(): number {
  return patches.length;
}
