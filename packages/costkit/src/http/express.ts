import type { IncomingMessage, ServerResponse } from 'node:http';
import { warnOnce } from '../diagnostics.js';
import { routeTag, unmatchedRoute } from './route.js';
import { runInRequestScope, validateOptions, type RequestScope, type RequestScopeOptions } from './scope.js';

export interface MiddlewareOptions<Req> extends RequestScopeOptions<Req> {
  /**
   * The route template, for a framework that has none to give (Connect), or to
   * name routes yourself: `(req) => '/api/chats/:id'` (costkit adds the method).
   * Called when the request arrives; `undefined` leaves it to Express's router.
   */
  route?: (req: Req) => string | undefined;
}

/** A Connect / Express middleware; assignable to `app.use()` of Express 4, Express 5 and Connect 3. */
export type CostkitMiddleware<Req> = (req: Req, res: ServerResponse, next: (error?: unknown) => void) => void;

/** What Express's router writes on the request; Connect writes none of it. */
interface RoutedRequest {
  route?: { path?: unknown };
  params?: Record<string, unknown>;
  baseUrl?: string;
}

/**
 * One costkit scope per request for Express 4, Express 5 and Connect: `app.use(costkitMiddleware())`
 * before your routes (and before body parsers).
 *
 * Express picks the route after this middleware runs, so the scope opens tagged
 * `GET (unmatched)` and is re-tagged with the template the moment the router
 * matches it (it assigns `req.route` just before calling the route's handlers):
 * every call from the handler carries `GET /api/chats/:id`. A call made earlier,
 * in a middleware before the router matched, keeps `(unmatched)`.
 */
export function costkitMiddleware<Req extends IncomingMessage = IncomingMessage>(options: MiddlewareOptions<Req> = {}): CostkitMiddleware<Req> {
  validateOptions(options, 'costkitMiddleware');
  return function costkit(req, _res, next) {
    const named = namedRoute(req, options);
    const route = named === undefined ? unmatchedRoute(req.method) : routeTag(req.method, named);
    runInRequestScope(req, route, options, (scope) => {
      if (named === undefined) watchRouter(req as unknown as RoutedRequest, req.method, scope);
      next();
    });
  };
}

function namedRoute<Req>(req: Req, options: MiddlewareOptions<Req>): string | undefined {
  if (!options.route) return undefined;
  try {
    const named = options.route(req);
    return typeof named === 'string' && named.length > 0 ? named : undefined;
  } catch (error) {
    warnOnce('http:route', `costkit/http: options.route threw, so such requests are tagged by Express's route or (unmatched) (said once): ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/**
 * Watches the two fields Express's router assigns on the request: `params` (each
 * matched layer's, mount points included) and `route` (the matched route). The
 * template is the mount path with its parameter values put back as `:name`, plus
 * the route's own path: `req.baseUrl` alone holds the concrete ids of a router
 * mounted at `/users/:userId`.
 */
function watchRouter(req: RoutedRequest, method: string | undefined, scope: RequestScope): void {
  const seen: Array<readonly [name: string, value: string]> = [];
  let params = req.params;
  let route = req.route;
  const record = (values: unknown) => {
    if (!values || typeof values !== 'object') return;
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string' && value !== '' && !/^\d+$/.test(name) && !seen.some(([n, v]) => n === name && v === value)) seen.push([name, value]);
    }
  };
  const matched = () => {
    if (route && route.path !== undefined) scope.setRoute(routeTag(method, mountTemplate(req.baseUrl, seen) + pathText(route.path)));
  };
  record(params);
  matched();
  Object.defineProperty(req, 'params', {
    configurable: true,
    enumerable: true,
    get: () => params,
    set(value) {
      params = value;
      record(value);
    },
  });
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value) {
      route = value;
      matched();
    },
  });
}

function mountTemplate(baseUrl: string | undefined, seen: ReadonlyArray<readonly [string, string]>): string {
  if (!baseUrl) return '';
  return baseUrl
    .split('/')
    .map((segment) => {
      if (segment === '' || seen.length === 0) return segment;
      const decoded = safeDecode(segment);
      const param = seen.find(([, value]) => value === decoded || value === segment);
      return param ? `:${param[0]}` : segment;
    })
    .join('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// Express route paths are strings, RegExps or arrays of either.
function pathText(path: unknown): string {
  return Array.isArray(path) ? path.map(String).join(',') : String(path);
}
