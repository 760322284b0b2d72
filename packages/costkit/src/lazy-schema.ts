/**
 * A zod schema built the first time anything touches it.
 *
 * Building a zod schema runs a constructor per node, and costkit's exported
 * event schemas have about a hundred: some 2 ms of CPU when costkit loads, for
 * schemas most apps never use (they are for reading event files back). The
 * value exported is a Proxy over the schema built on first use, not
 * `z.lazy()`, so it keeps its exact type and whole API (`parse`, `shape`,
 * `options`, `instanceof`, use inside other schemas).
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    // Reported configurable: a proxy may not report a non-configurable property its
    // own (empty) target lacks.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
