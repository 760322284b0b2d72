import { routeTag, unmatchedRoute } from './route.js';
import { runInRequestScope, type RequestScopeOptions, type TagValue } from './scope.js';

export interface WithRequestOptions {
  /**
   * The route template: `/api/chats/:id`, or a Next.js route's folder path,
   * `/api/chats/[id]` (costkit adds the method). Without it the request is tagged
   * `GET (unmatched)`: plain node:http and Next.js route handlers have no router to
   * ask, and the raw URL (ids, query strings) is never used.
   */
  route?: string;
  /** Tags for every call the request makes; `undefined` and `null` values are left out. */
  tags?: Readonly<Record<string, TagValue>>;
  /** The request's interaction id (e.g. its `x-request-id`), validated as `options.interactionId` is for the middleware. */
  interactionId?: string | null;
}

/** A Node `IncomingMessage` or a Web `Request` (Next.js route handlers, Deno, Bun). */
export interface RequestLike {
  readonly method?: string;
}

/**
 * Runs `fn` in one costkit scope for `req`, returning what `fn` returns: for a
 * plain `node:http` handler and a Next.js route handler, where there is no
 * middleware to register.
 */
export function withRequest<T>(req: RequestLike, fn: () => T, options: WithRequestOptions = {}): T {
  if (req === null || typeof req !== 'object') throw new TypeError('withRequest: the first argument must be the request (a node:http IncomingMessage or a Web Request)');
  if (typeof fn !== 'function') throw new TypeError('withRequest: the second argument must be the function that handles the request');
  if (options === null || typeof options !== 'object') throw new TypeError("withRequest: options must be an object such as { route: '/api/chats/:id' }");
  if (options.route !== undefined && typeof options.route !== 'string') throw new TypeError(`withRequest: options.route must be the route template as a string, e.g. '/api/chats/:id'; got ${typeof options.route}`);
  if (options.tags !== undefined && (options.tags === null || typeof options.tags !== 'object')) throw new TypeError('withRequest: options.tags must be an object of tag values');
  const route = options.route ? routeTag(req.method, options.route) : unmatchedRoute(req.method);
  const scopeOptions: RequestScopeOptions<RequestLike> = {
    tags: options.tags ? () => options.tags : undefined,
    interactionId: options.interactionId !== undefined ? () => options.interactionId : undefined,
  };
  return runInRequestScope(req, route, scopeOptions, fn);
}
