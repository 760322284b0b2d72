/**
 * `costkit/http`: one costkit scope per incoming request (contract section 7), so
 * every provider call a request makes carries its `route` template, the app's
 * tags and one `interactionId`. Nothing here loads a web framework: each adapter
 * only reads the request object it is handed.
 */
export { costkitMiddleware, type MiddlewareOptions, type CostkitMiddleware } from './express.js';
export { fastifyCostkit, type FastifyCostkitOptions, type FastifyCostkitPlugin, type FastifyRequestLike } from './fastify.js';
export { honoCostkit, type HonoCostkitOptions, type HonoCostkitMiddleware, type HonoContextLike } from './hono.js';
export { withRequest, type WithRequestOptions, type RequestLike } from './request.js';
export { currentInteractionId, type RequestScopeOptions, type TagValue } from './scope.js';
