import { routeTag, unmatchedRoute } from './route.js';
import { runInRequestScope, validateOptions, type RequestScopeOptions } from './scope.js';

/** One route Hono matched for the request: middleware (`app.use`, method ALL) and handlers alike. */
interface MatchedRoute {
  readonly method: string;
  /** The template, base path included: `/api/chats/:id`. */
  readonly path: string;
}

/** The part of Hono's context costkit reads. */
export interface HonoContextLike {
  readonly req: {
    readonly method: string;
    readonly path: string;
    header(name: string): string | undefined;
    readonly raw: Request;
  };
}

export type HonoCostkitOptions<C = HonoContextLike> = RequestScopeOptions<C>;

/** A Hono middleware: `app.use(honoCostkit())`. */
export type HonoCostkitMiddleware<C> = (c: C, next: () => Promise<void>) => Promise<void>;

type MatchedRoutes = (c: unknown) => readonly MatchedRoute[];
let helper: Promise<MatchedRoutes | undefined> | undefined;

// `hono/route` is Hono's supported way to read the matched routes (4.8+). It is
// loaded on the first request, so `import 'costkit/http'` loads no Hono.
function matchedRoutesHelper(): Promise<MatchedRoutes | undefined> {
  return (helper ??= import('hono/route').then(
    (mod) => (mod as unknown as { matchedRoutes?: MatchedRoutes }).matchedRoutes,
    () => undefined,
  ));
}

/**
 * One costkit scope per request for Hono: `app.use(honoCostkit())` before your
 * routes. `options.tags` receives Hono's context `c` (`c.req.header('x-customer-id')`).
 *
 * Hono matches every route of a request before the first middleware runs, so the
 * route tag is known at once: the last matched route registered for a method (the
 * handler), or else the last non-wildcard `app.all()` route; a request that matched
 * only middleware is `GET (unmatched)`.
 */
export function honoCostkit<C extends HonoContextLike = HonoContextLike>(options: HonoCostkitOptions<C> = {}): HonoCostkitMiddleware<C> {
  validateOptions(options, 'honoCostkit');
  return async function costkit(c, next) {
    const template = pickRoute(await matchedRoutes(c));
    const route = template === undefined ? unmatchedRoute(c.req.method) : routeTag(c.req.method, template);
    await runInRequestScope(c, route, options, () => next());
  };
}

async function matchedRoutes(c: HonoContextLike): Promise<readonly MatchedRoute[]> {
  const fromHelper = await matchedRoutesHelper();
  try {
    if (fromHelper) return fromHelper(c);
  } catch {
    // A second copy of Hono, whose helper cannot read this copy's context: fall
    // back to the request's own (deprecated, still present in 4.x) list.
  }
  return (c.req as { matchedRoutes?: readonly MatchedRoute[] }).matchedRoutes ?? [];
}

function pickRoute(routes: readonly MatchedRoute[]): string | undefined {
  for (let i = routes.length - 1; i >= 0; i--) if (routes[i]!.method !== 'ALL') return routes[i]!.path;
  for (let i = routes.length - 1; i >= 0; i--) if (!routes[i]!.path.endsWith('*')) return routes[i]!.path;
  return undefined;
}
