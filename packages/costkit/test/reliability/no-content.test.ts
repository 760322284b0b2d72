import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import { withTags } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

/**
 * Prompts and completions are never recorded: there is no option to record
 * them, and no field of any event carries message text, system prompts, tool
 * arguments or answers, plain or streamed, success or error. The one text an
 * event keeps from a provider is its error message (`error.message`, redacted
 * of keys, at most 500 characters), as the provider wrote it: a provider that
 * quotes the request there is quoted too (docs/reliability.md says so).
 */
const h = useHarness();
const PROMPT = 'PROMPT-CANARY the secret plan for the quarterly report';
const SYSTEM = 'SYSTEM-CANARY you are a helpful assistant';
const ANSWER = 'ANSWER-CANARY the plan is to ship on Friday';
const TOOL_ARG = 'TOOLARG-CANARY Paris';
const CANARIES = [PROMPT, SYSTEM, ANSWER, TOOL_ARG].map((c) => c.split(' ')[0]!);

const tool = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string', description: TOOL_ARG } } } } };

describe('no message text in any event', () => {
  it('across the four SDKs, plain and streamed, with system prompts, tools and answers that echo the prompt', async () => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
    const genai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
    const generative = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-flash', systemInstruction: SYSTEM }, { baseUrl: h.mock.url });
    const chat = [
      { role: 'system' as const, content: SYSTEM },
      { role: 'user' as const, content: PROMPT },
    ];
    const answer = { id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 9, total_tokens: 18 } };

    await withTags({ team: 'privacy' }, async () => {
      h.mock.enqueue({ json: answer }, { path: /chat\/completions/ });
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: chat, tools: [tool] });
      for await (const _ of await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: chat, stream: true }));
      await openai.responses.create({ model: 'gpt-4o-mini', instructions: SYSTEM, input: PROMPT });
      await openai.embeddings.create({ model: 'text-embedding-3-small', input: PROMPT });
      await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, system: SYSTEM, messages: [{ role: 'user', content: PROMPT }] });
      for await (const _ of await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, system: SYSTEM, messages: [{ role: 'user', content: PROMPT }], stream: true }));
      await genai.models.generateContent({ model: 'gemini-2.5-flash', contents: PROMPT, config: { systemInstruction: SYSTEM } });
      for await (const _ of await genai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: PROMPT }));
      await generative.generateContent(PROMPT);
      await generative.startChat().sendMessage(PROMPT);
      // An error answer that quotes the request, as validation errors do.
      h.mock.enqueue({ status: 400, json: { error: { message: `Invalid value for 'tools[0]': ${TOOL_ARG}`, type: 'invalid_request_error', param: null, code: null } } });
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: chat, tools: [tool] }).catch(() => undefined);
    });

    const events = await h.events();
    expect(events).toHaveLength(11);
    // The canaries did travel: the mock received them.
    expect(JSON.stringify(h.mock.exchanges.map((e) => e.body))).toContain('PROMPT-CANARY');
    const text = JSON.stringify(events.map(({ error: _error, ...rest }) => rest));
    for (const canary of CANARIES) expect(text, canary).not.toContain(canary);
  });
});
