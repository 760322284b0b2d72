import { AsyncLocalStorage } from 'node:async_hooks';
import { newId } from './ids.js';
import type { RunBudget } from './budget/run-budget.js';

/** Flat attribution labels: team, feature, customer, … */
export type Tags = Record<string, string>;

/** Caps on one unit of work (a request, an agent run): see `costkit/guard`. */
export interface ScopeLimits {
  /** The scope may make at most this many provider calls. */
  maxCalls?: number;
  /** The scope may spend at most this much, in USD, before its next call is refused. */
  maxCostUsd?: number;
}

/**
 * One `withTags` scope. Tags are merged with the parent's once, at entry, so a
 * call reads a single frozen object; counters are live so limits see every call.
 */
export interface Scope {
  /** Replaced whole (never mutated) when a request scope learns its route: see `retagScope`. */
  tags: Readonly<Tags>;
  /**
   * The outermost scope's id, shared by every scope nested in it: one user action
   * (a request, an agent run) and every call it fans out into. Made once per
   * outermost scope, never per call.
   */
  readonly interactionId: string;
  readonly parent: Scope | undefined;
  readonly limits: ScopeLimits | undefined;
  /** A `withBudget` run budget: every call in this scope and its nested ones shares it. */
  readonly run?: RunBudget | undefined;
  calls: number;
  costUsd: number;
  truncations: number;
}

const TAG_KEY = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;
const MAX_TAG_VALUE = 256;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// One store per process, created on first use (an app that only imports costkit
// pays nothing). It is kept on globalThis, not in this module: the `costkit` and
// `costkit/http` bundles (ESM and CJS builds each) carry their own copy of this
// module, and a request scope opened by one must be the scope the other's calls read.
const STORE = Symbol.for('costkit.scopes');
type Holder = { [STORE]?: AsyncLocalStorage<Scope> };
function scopeStorage(): AsyncLocalStorage<Scope> {
  return ((globalThis as Holder)[STORE] ??= new AsyncLocalStorage<Scope>());
}
function activeScope(): Scope | undefined {
  return (globalThis as Holder)[STORE]?.getStore();
}

/**
 * Checks tags where the app wrote them, so a bad tag fails at `withTags`,
 * never later inside a provider call. An `undefined` value is skipped (a header
 * the request did not send: `{ customer: req.headers['x-customer-id'] }`): the
 * result is a new object without it when there was one.
 */
export function validateTags(tags: unknown, where: string): Tags {
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
    throw new TypeError(`${where}: tags must be a plain object of string values, e.g. { team: 'search' }; got ${describe(tags)}`);
  }
  // for-in over own keys rather than Object.entries: no array of pairs per scope.
  const record = tags as Record<string, unknown>;
  let skipped = false;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const value = record[key];
    if (value === undefined) {
      skipped = true;
      continue;
    }
    const problem = tagProblem(key, value);
    if (problem) throw new TypeError(`${where}: ${problem}`);
  }
  if (!skipped) return tags as Tags;
  const defined: Tags = {};
  for (const key in record) if (Object.hasOwn(record, key) && record[key] !== undefined) defined[key] = record[key] as string;
  return defined;
}

/**
 * The own keys of `base`, then of `over`, in a new object. Loops, not
 * `{ ...base, ...over }`: on Node 20 a second spread into an object, or freezing
 * one made by a spread, costs 0.5–1.5 µs, and this runs per scope and per call.
 * Both are validated tags (no reserved keys), so plain assignment is safe.
 */
export function mergeTags(base: Readonly<Tags> | undefined, over: Readonly<Tags> | undefined): Tags {
  const out: Tags = {};
  if (base) for (const key in base) if (Object.hasOwn(base, key)) out[key] = base[key]!;
  if (over) for (const key in over) if (Object.hasOwn(over, key)) out[key] = over[key]!;
  return out;
}

/** Why `key: value` is not a tag, or undefined when it is one. */
export function tagProblem(key: string, value: unknown): string | undefined {
  if (!TAG_KEY.test(key)) {
    return `tag key '${key.length > 64 ? `${key.slice(0, 64)}…` : key}' is not allowed: use 1-64 characters, starting with a letter or '_', then letters, digits, '_', '.', ':' or '-'`;
  }
  // Keys that name an object's machinery: a tags object with one could be used to pollute prototypes downstream.
  if (RESERVED_KEYS.has(key)) return `tag key '${key}' is reserved; choose another name`;
  if (typeof value !== 'string') return `tag '${key}' must be a string (or undefined, to leave it out); got ${describe(value)}`;
  if (value.length > MAX_TAG_VALUE) return `tag '${key}' is ${value.length} characters long; the limit is ${MAX_TAG_VALUE}`;
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `'${value}'` : typeof value;
}

/**
 * Runs `fn` with `tags` attributed to every provider call it makes, across awaits,
 * timers and callbacks. Nested scopes merge; the inner value of a key wins.
 * `limits` caps the calls or the spend of this unit of work.
 */
export function withTags<T>(tags: Readonly<Record<string, string | undefined>>, fn: () => T, limits?: ScopeLimits): T {
  const own = validateTags(tags, 'withTags');
  if (typeof fn !== 'function') throw new TypeError('withTags: the second argument must be the function to run in the scope');
  if (limits !== undefined) validateLimits(limits);
  return runInScope(own, fn, { limits });
}

/** How a scope is opened: its limits, and, for a scope that is one user action of its own (a request), its interaction id. */
export interface ScopeOptions {
  limits?: ScopeLimits | undefined;
  /** Starts a new interaction with this id instead of joining the enclosing scope's. */
  interactionId?: string | undefined;
  /** A run budget every call inside shares (`withBudget`). */
  run?: RunBudget | undefined;
}

/**
 * Runs `fn` in a new scope with already-validated `tags`: `withTags`, and the
 * request scopes of `costkit/http` (which start a new interaction even inside
 * another scope: a server started inside `withTags` hands every request the
 * async context of `listen()`).
 */
export function runInScope<T>(tags: Readonly<Tags>, fn: () => T, options: ScopeOptions = {}): T {
  const parent = scopeStorage().getStore();
  const scope: Scope = {
    tags: Object.freeze(mergeTags(parent?.tags, tags)),
    interactionId: options.interactionId ?? parent?.interactionId ?? newId(),
    parent,
    limits: options.limits,
    run: options.run,
    calls: 0,
    costUsd: 0,
    truncations: 0,
  };
  return scopeStorage().run(scope, fn);
}

/** Runs `fn` in a scope with the current tags and a run budget (`withBudget`). */
export function withRunScope<T>(run: RunBudget, fn: () => T): T {
  return runInScope({}, fn, { run });
}

/** Adds `tags` to an open scope (calls already started keep the tags they started with). */
export function retagScope(scope: Scope, tags: Readonly<Tags>): void {
  scope.tags = Object.freeze(mergeTags(scope.tags, tags));
}

function validateLimits(limits: ScopeLimits): void {
  for (const key of ['maxCalls', 'maxCostUsd'] as const) {
    const value = limits[key];
    if (value !== undefined && (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value))) {
      throw new TypeError(`withTags: limits.${key} must be a finite number >= 0; got ${describe(value)}`);
    }
  }
  if (limits.maxCalls !== undefined && !Number.isInteger(limits.maxCalls)) {
    throw new TypeError(`withTags: limits.maxCalls must be a whole number; got ${limits.maxCalls}`);
  }
}

/** The tags of the current scope (a copy), or {} outside any scope. */
export function getTags(): Tags {
  const scope = activeScope();
  return scope ? { ...scope.tags } : {};
}

/** The innermost scope, or undefined outside `withTags`. */
export function currentScope(): Scope | undefined {
  return activeScope();
}

/** What the innermost `withTags` scope has used so far; its parents' counts include it. */
export interface ScopeUsage {
  tags: Tags;
  /** Provider calls started in the scope (refused ones not counted). */
  calls: number;
  /** Cost of the scope's finished calls, USD. */
  costUsd: number;
  /** Answers cut by their output cap (`finishReason: 'length'`). */
  truncations: number;
  /** The scope's own limits (init's `guard.scopeLimits` defaults not merged in). */
  limits: ScopeLimits | undefined;
}

// Finished calls are charged to their scopes in batches (finished-calls.ts); a
// read of a scope's counters first charges those still waiting. Set by the runtime.
let chargePending: () => void = () => {};

export function setPendingScopeCharges(charge: () => void): void {
  chargePending = charge;
}

/** The current scope's counters (a snapshot), or undefined outside `withTags`. */
export function scopeUsage(): ScopeUsage | undefined {
  const scope = activeScope();
  if (!scope) return undefined;
  chargePending();
  return { tags: { ...scope.tags }, calls: scope.calls, costUsd: scope.costUsd, truncations: scope.truncations, limits: scope.limits && { ...scope.limits } };
}
