import { newId } from '../ids.js';
import { currentScope, retagScope, runInScope, validateTags, type Tags } from '../context.js';
import { warnOnce } from '../diagnostics.js';

/** What a request scope takes from the framework's own request object. */
export interface RequestScopeOptions<Req> {
  /**
   * Tags for every call the request makes, e.g. `{ customer: req.headers['x-customer-id'] }`.
   * An `undefined` or `null` value is left out (a header the request did not send).
   * Declared as a method so it may name the framework's own request type.
   * `route` is costkit's own tag: a `route` returned here is replaced by the route template.
   */
  tags?(req: Req): Readonly<Record<string, TagValue>> | undefined;
  /**
   * The request's interaction id, e.g. `req.headers['x-request-id']`, so costkit's
   * events share the id your logs and gateway already use. Accepted when it is 1-128
   * characters of letters, digits and `. _ : - / + = @`; anything else (or nothing)
   * gets a new random UUID, and a rejected value is warned about once.
   */
  interactionId?(req: Req): string | readonly string[] | undefined | null;
}

/**
 * A tag value as a request gives it: a header is a string, absent (`undefined` in
 * Node, `null` from a Web `Headers.get`), or, sent twice, an array (joined with ', ',
 * as Node joins most repeated headers).
 */
export type TagValue = string | readonly string[] | undefined | null;

/** The request scope a framework adapter holds while the request runs. */
export interface RequestScope {
  readonly interactionId: string;
  /** Re-tags the scope with the route the framework matched (Express matches after the scope opens). */
  setRoute(route: string): void;
}

const INTERACTION_ID = /^[A-Za-z0-9._:\-/+=@]{1,128}$/;

/**
 * Runs `fn` in a new scope for one incoming request: `withTags`' own scope (so a
 * nested `withTags` merges into it), tagged `route` plus the app's tags.
 *
 * A request is one user action, so its scope always starts a new interaction, even
 * inside another scope: a server started inside `withTags` hands every request the
 * async context of `listen()`, and those requests must not share one id.
 */
export function runInRequestScope<Req, T>(
  req: Req,
  route: string,
  options: RequestScopeOptions<Req>,
  fn: (scope: RequestScope) => T,
): T {
  const tags = requestTags(req, route, options);
  const interactionId = requestInteractionId(req, options) ?? newId();
  return runInScope(
    tags,
    () => {
      const scope = currentScope()!;
      return fn({
        interactionId,
        setRoute(matched) {
          if (scope.tags.route !== matched) retagScope(scope, { route: matched });
        },
      });
    },
    { interactionId },
  );
}

/** The id every call of the current request (or outermost withTags scope) carries; null outside any scope. */
export function currentInteractionId(): string | null {
  return currentScope()?.interactionId ?? null;
}

function requestTags<Req>(req: Req, route: string, options: RequestScopeOptions<Req>): Tags {
  if (!options.tags) return { route };
  let given: Readonly<Record<string, unknown>> | undefined;
  try {
    given = options.tags(req);
    if (given === undefined) return { route };
    const defined: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(given)) if (value !== undefined && value !== null) defined[key] = Array.isArray(value) ? value.join(', ') : value;
    return { ...validateTags(defined, 'costkit/http options.tags'), route };
  } catch (error) {
    // The host app comes first: a tagging bug must not fail the request.
    warnOnce(
      'http:tags',
      `costkit/http: options.tags failed, so this request's calls carry only their route tag (said once): ${error instanceof Error ? error.message : String(error)}`,
    );
    return { route };
  }
}

function requestInteractionId<Req>(req: Req, options: RequestScopeOptions<Req>): string | undefined {
  if (!options.interactionId) return undefined;
  let id: unknown;
  try {
    id = options.interactionId(req);
  } catch (error) {
    warnOnce('http:interaction-id', `costkit/http: options.interactionId threw, so requests get a random id (said once): ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (Array.isArray(id)) id = id[0];
  if (id === undefined || id === null) return undefined;
  if (typeof id === 'string' && INTERACTION_ID.test(id)) return id;
  warnOnce(
    'http:interaction-id-invalid',
    `costkit/http: options.interactionId returned ${typeof id === 'string' ? `a ${id.length}-character string outside the allowed set` : typeof id}; ` +
      'an interaction id is 1-128 characters of letters, digits and . _ : - / + = @. Such requests get a random id (said once).',
  );
  return undefined;
}

/** Checks a helper's options where the app wrote them, naming the field and the fix. */
export function validateOptions(options: unknown, where: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object such as { tags: (req) => ({ customer: … }) }; got ${options === null ? 'null' : typeof options}`);
  for (const key of ['tags', 'interactionId', 'route'] as const) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== 'function') throw new TypeError(`${where}: options.${key} must be a function of the request; got ${typeof value}`);
  }
}
