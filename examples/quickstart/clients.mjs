import OpenAI from 'openai';

/**
 * One client per provider: the real API when its key is set, else the local mock
 * provider. Anthropic and Gemini are optional: a missing SDK is skipped.
 */
export function makeClients(mockUrl) {
  const using = [];
  const openai = process.env.OPENAI_API_KEY
    ? new OpenAI()
    : new OpenAI({ apiKey: 'mock-key', baseURL: `${mockUrl}/v1` });
  using.push(process.env.OPENAI_API_KEY ? 'openai (real API)' : 'openai (mock)');

  const anthropic = optional('@anthropic-ai/sdk', (mod) => {
    const Anthropic = mod.default ?? mod.Anthropic;
    using.push(process.env.ANTHROPIC_API_KEY ? 'anthropic (real API)' : 'anthropic (mock)');
    return process.env.ANTHROPIC_API_KEY ? new Anthropic() : new Anthropic({ apiKey: 'mock-key', baseURL: mockUrl });
  });
  const gemini = optional('@google/genai', (mod) => {
    const key = process.env.GEMINI_API_KEY;
    using.push(key ? 'google (real API)' : 'google (mock)');
    return key ? new mod.GoogleGenAI({ apiKey: key }) : new mod.GoogleGenAI({ apiKey: 'mock-key', httpOptions: { baseUrl: mockUrl } });
  });
  return { openai, anthropic, gemini, using };
}

import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
function optional(name, make) {
  try {
    return make(require(name));
  } catch (error) {
    if (error?.code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
