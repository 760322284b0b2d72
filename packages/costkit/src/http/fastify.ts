import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { routeTag, unmatchedRoute } from './route.js';
import { runInRequestScope, validateOptions, type RequestScopeOptions } from './scope.js';

/** The part of Fastify's request costkit reads (Fastify 4.10+ and 5). */
export interface FastifyRequestLike {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: IncomingMessage;
  /** The matched route; its `url` is the template with any plugin prefix, undefined for a 404. */
  readonly routeOptions?: { readonly url?: string };
}

export type FastifyCostkitOptions = RequestScopeOptions<FastifyRequestLike>;

type HookDone = (error?: Error) => void;
interface FastifyLike {
  addHook(name: 'onRequest', hook: (request: FastifyRequestLike, reply: unknown, done: HookDone) => void): unknown;
}

/** A Fastify plugin: `app.register(fastifyCostkit, options)`. */
export interface FastifyCostkitPlugin {
  (instance: FastifyLike, options: FastifyCostkitOptions, done: HookDone): void;
  readonly [key: symbol]: unknown;
}

function plugin(instance: FastifyLike, options: FastifyCostkitOptions, done: HookDone): void {
  try {
    validateOptions(options, 'fastifyCostkit');
  } catch (error) {
    done(error as Error);
    return;
  }
  const scopeOptions: FastifyCostkitOptions = { tags: options.tags, interactionId: options.interactionId };
  // Fastify matched the route before onRequest: `routeOptions.url` is already the
  // template. Calling `next` inside the scope runs the rest of the lifecycle in it;
  // Fastify's body parsing keeps the async context (it binds its parser callbacks).
  instance.addHook('onRequest', (request, _reply, next) => {
    const template = request.routeOptions?.url;
    const route = template ? routeTag(request.method, template) : unmatchedRoute(request.method);
    runInRequestScope(request, route, scopeOptions, () => next());
  });
  done();
}

/**
 * One costkit scope per request, for every route of the app: register it before
 * your routes. It is not encapsulated (like a plugin wrapped in fastify-plugin), so
 * routes in every child context and the 404 handler get it.
 */
export const fastifyCostkit: FastifyCostkitPlugin = Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'costkit',
});
