import { afterAll, beforeAll } from 'vitest';
import costkit from 'costkit';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import { RedisServer } from './redis-server.js';

/**
 * A redis-server and a mock provider for one test file: started before its
 * tests, stopped after them (costkit shut down first, so nothing is left
 * settling against a stopped server).
 */
export function redisAndMockProvider(): { readonly redis: RedisServer; readonly mock: MockProvider } {
  const env = {} as { redis: RedisServer; mock: MockProvider };
  beforeAll(async () => {
    [env.redis, env.mock] = await Promise.all([RedisServer.start(), startMockProvider({ port: 0 })]);
  });
  afterAll(async () => {
    await costkit.shutdown();
    await Promise.all([env.redis?.stop(), env.mock?.close()]);
  });
  return env;
}
