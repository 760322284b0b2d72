/**
 * An Anthropic prompt as the API meters it: tools, then system, then each
 * message's blocks, in that order (the order the prompt cache hashes), and what
 * the cache reads and writes for it.
 */
import type { HandlerContext } from '../../route.js';
import { prefixKeys } from '../../cache-memory.js';
import { MESSAGE_OVERHEAD, REQUEST_OVERHEAD, contentTokens, jsonTokens } from '../../tokens.js';

const LOOKBACK_BLOCKS = 20;

interface Piece {
  key: unknown;
  tokens: number;
  /** The block's cache_control: a breakpoint ends a cacheable prefix here. */
  breakpoint: { ttl?: unknown } | undefined;
}

function pieces(body: any): Piece[] {
  const out: Piece[] = [{ key: 'request', tokens: REQUEST_OVERHEAD, breakpoint: undefined }];
  // The marker itself is not content: moving a breakpoint must not change the prefix it ends.
  const add = (block: any, tokens: number) => {
    const { cache_control, ...key } = block ?? {};
    out.push({ key, tokens, breakpoint: cache_control && typeof cache_control === 'object' ? cache_control : undefined });
  };
  for (const tool of Array.isArray(body.tools) ? body.tools : []) add(tool, jsonTokens(tool));
  if (typeof body.system === 'string') add({ type: 'text', text: body.system }, contentTokens(body.system));
  else for (const block of Array.isArray(body.system) ? body.system : []) add(block, contentTokens(block));
  for (const message of Array.isArray(body.messages) ? body.messages : []) {
    const blocks = typeof message?.content === 'string' ? [{ type: 'text', text: message.content }] : Array.isArray(message?.content) ? message.content : [];
    if (blocks.length === 0) out.push({ key: { role: message?.role }, tokens: MESSAGE_OVERHEAD, breakpoint: undefined });
    blocks.forEach((block: any, i: number) => add({ ...block, ...(i === 0 ? { role: message.role } : {}) }, contentTokens(block) + (i === 0 ? MESSAGE_OVERHEAD : 0)));
  }
  return out;
}

/** The prompt's size, as count_tokens reports it. */
export function promptTokens(body: any): number {
  return pieces(body).reduce((sum, piece) => sum + piece.tokens, 0);
}

export interface PromptUsage {
  /** Tokens neither read from nor written to the cache (the API's input_tokens). */
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

/**
 * The real semantics: the longest prefix this server has already cached (at a
 * breakpoint, or up to 20 blocks before one) is read; the rest, up to the last breakpoint, is written, each
 * segment in the bucket of the breakpoint that ends it (5m unless `ttl: '1h'`);
 * input_tokens is what remains. A multi-turn conversation that moves its
 * breakpoint forward reads the earlier turns and writes only the new ones.
 */
export function promptUsage(body: any, context: HandlerContext): PromptUsage {
  const all = pieces(body);
  const total = all.reduce((sum, piece) => sum + piece.tokens, 0);
  if (context.knobs.cachedTokens !== undefined) {
    const read = Math.min(context.knobs.cachedTokens, total);
    return { input: total - read, cacheRead: read, cacheWrite5m: 0, cacheWrite1h: 0 };
  }
  const keys = prefixKeys(`anthropic\u0000${String(body.model)}`, all.map((piece) => piece.key));
  const cumulative: number[] = [];
  all.reduce((sum, piece, i) => (cumulative[i] = sum + piece.tokens), 0);
  const breakpoints = all.flatMap((piece, i) => (piece.breakpoint ? [i] : []));
  // Like the API, each breakpoint looks back up to 20 blocks for the longest prefix cached earlier.
  let hit = -1;
  for (const b of breakpoints) {
    for (let j = b; j > hit && j > b - LOOKBACK_BLOCKS; j--) {
      if (context.caches.anthropic.has(keys[j]!)) {
        hit = j;
        break;
      }
    }
  }
  const cacheRead = hit >= 0 ? cumulative[hit]! : 0;
  let cacheWrite5m = 0;
  let cacheWrite1h = 0;
  let written = cacheRead;
  for (const i of breakpoints) {
    context.caches.anthropic.add(keys[i]!);
    if (i <= hit) continue;
    const segment = cumulative[i]! - written;
    written = cumulative[i]!;
    if (all[i]!.breakpoint?.ttl === '1h') cacheWrite1h += segment;
    else cacheWrite5m += segment;
  }
  return { input: total - cacheRead - cacheWrite5m - cacheWrite1h, cacheRead, cacheWrite5m, cacheWrite1h };
}
