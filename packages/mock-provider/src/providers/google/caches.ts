/**
 * Explicit context caching: POST /v1beta/cachedContents stores a prompt prefix
 * and names it; a generateContent that names it (`cachedContent`) pays for those
 * tokens as cached ones. GET and DELETE on the name work too.
 */
import type { HandlerContext, MockRequest, Reply } from '../../route.js';
import { alnumId } from '../../ids.js';
import { promptTokens } from './prompt.js';
import { googleHeaders } from './headers.js';

// A cache this server never created (made by another process, or a made-up name in a test).
export const UNKNOWN_CACHE_TOKENS = 1024;
const DEFAULT_TTL_SECONDS = 3600;

export function cachedTokensOf(name: unknown, context: HandlerContext): number {
  if (typeof name !== 'string' || name === '') return 0;
  return context.caches.google.get(name)?.tokens ?? UNKNOWN_CACHE_TOKENS;
}

export function createCache(request: MockRequest, context: HandlerContext): Reply {
  const body = request.body;
  const tokens = promptTokens(body);
  const name = `cachedContents/${alnumId('', 12).toLowerCase()}`;
  const model = String(body.model ?? 'models/unknown');
  context.caches.google.set(name, { model, tokens });
  const ttl = typeof body.ttl === 'string' ? Number.parseFloat(body.ttl) : DEFAULT_TTL_SECONDS;
  const now = new Date();
  const usageMetadata = { totalTokenCount: tokens };
  const value = {
    name,
    model,
    ...(body.displayName ? { displayName: body.displayName } : {}),
    createTime: now.toISOString(),
    updateTime: now.toISOString(),
    expireTime: new Date(now.getTime() + (Number.isFinite(ttl) ? ttl : DEFAULT_TTL_SECONDS) * 1000).toISOString(),
    usageMetadata,
  };
  return { status: 200, headers: googleHeaders(), json: { value, usage: [usageMetadata] } };
}

export function cacheByName(request: MockRequest, context: HandlerContext, name: string): Reply {
  const cache = context.caches.google.get(name);
  if (!cache) return { status: 404, headers: googleHeaders(), json: { value: { error: { code: 404, message: `${name} not found.`, status: 'NOT_FOUND' } }, usage: [] } };
  if (request.method === 'DELETE') {
    context.caches.google.delete(name);
    return { status: 200, headers: googleHeaders(), json: { value: {}, usage: [] } };
  }
  return { status: 200, headers: googleHeaders(), json: { value: { name, model: cache.model, usageMetadata: { totalTokenCount: cache.tokens } }, usage: [] } };
}
