/** Every provider route, tried in order, and a best guess of the provider for a path none of them serves. */
import type { ProviderName } from '../types.js';
import type { Route } from '../route.js';
import { openaiRoute } from './openai/index.js';
import { anthropicRoute } from './anthropic/index.js';
import { googleRoute } from './google/index.js';

export const ROUTES: readonly Route[] = [openaiRoute, anthropicRoute, googleRoute];

export function routeFor(method: string, path: string): { route: Route; operation: string } | undefined {
  for (const route of ROUTES) {
    const operation = route.match(method, path);
    if (operation) return { route, operation };
  }
  return undefined;
}

/** For a canned response on a path no route serves (say, a recorded /v1/images/generations). */
export function guessProvider(path: string): Route {
  let name: ProviderName = 'openai';
  if (/^\/v1(beta|alpha)\//.test(path) || /^\/v1\/models\/[^/]+:/.test(path)) name = 'google';
  else if (/^\/v1\/(messages|complete)\b/.test(path)) name = 'anthropic';
  return ROUTES.find((route) => route.provider === name)!;
}
