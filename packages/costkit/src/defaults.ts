/**
 * The options that are set: an option passed as `undefined` (an app forwarding
 * its own optional config) must keep the default, not overwrite it when spread
 * over the defaults.
 */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
