/**
 * The `route` tag: the method and the route template the framework matched
 * (`POST /api/chats/:id`), so every request of one endpoint shares one value.
 * Never the raw URL: ids and query strings would make each request its own group.
 */
export function routeTag(method: string | undefined, template: string): string {
  // A tag value is at most 256 characters; a cut template is still one stable value.
  return `${normalizeMethod(method)} ${template}`.slice(0, 256);
}

/** For a request no route matched (a 404), or a framework with no route templates. */
export function unmatchedRoute(method: string | undefined): string {
  return `${normalizeMethod(method)} (unmatched)`;
}

function normalizeMethod(method: string | undefined): string {
  return method ? method.toUpperCase().slice(0, 32) : 'GET';
}
