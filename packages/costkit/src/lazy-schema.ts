import * as z from 'zod/mini';

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

/**
 * Schemas made together by one builder (they share parts), each exported as a
 * `lazySchema`: the builder runs once, when the first of them is touched.
 */
export function lazySchemas<T extends Record<string, object>, K extends keyof T & string>(build: () => T, keys: readonly K[]): Pick<T, K> {
  let built: T | undefined;
  const all = (): T => (built ??= build());
  return Object.fromEntries(keys.map((key) => [key, lazySchema<T[K] & object>(() => all()[key])])) as Pick<T, K>;
}

/**
 * An option of `init()` checked by `schema` only when the option is given, so an
 * absent section's schema is never built (zod's `optional` asks its inner schema
 * about itself even when the value is missing). Issues keep their paths under the
 * option (`budgets.0.limitUsd`) and their messages. Typed as `schema` itself, so
 * `z.input` / `z.output` of the options are unchanged.
 */
export function lazySection<S extends z.ZodMiniType>(schema: S): S {
  const checked = z.pipe(
    z.unknown(),
    z.transform((value, ctx) => {
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: value } as (typeof ctx.issues)[number]);
      return z.NEVER;
    }),
  );
  return checked as unknown as S;
}
