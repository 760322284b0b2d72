import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';

/** One call on each SDK family, plain or streamed, read to its end; and where the mock saw its model. */
export interface Family {
  name: string;
  model: string;
  cheaper: string;
  call(stream: boolean): Promise<unknown>;
  sentModel(exchange: { body: any; path: string }): string;
}

export const DEGRADE_TO = { 'gpt-4o': 'gpt-4o-mini', 'claude-opus-*': 'claude-sonnet-4-5', 'gemini-2.5-pro': 'gemini-2.5-flash' };

export function families(mockUrl: string): Family[] {
  const openai = new OpenAI({ apiKey: 'k', baseURL: `${mockUrl}/v1`, maxRetries: 0 });
  const anthropic = new Anthropic({ apiKey: 'k', baseURL: mockUrl, maxRetries: 0 });
  const genai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: mockUrl } });
  const generative = new GoogleGenerativeAI('k');
  const readAll = async (iterable: AsyncIterable<unknown>) => {
    for await (const _ of iterable) void _;
  };
  const messages = [{ role: 'user' as const, content: 'hello there' }];
  const fromPath = (e: { path: string }) => /models\/([^:]+):/.exec(e.path)![1]!;
  return [
    {
      name: 'openai',
      model: 'gpt-4o',
      cheaper: 'gpt-4o-mini',
      call: async (stream) => {
        const result = await openai.chat.completions.create({ model: 'gpt-4o', max_tokens: 64, messages, stream } as never);
        if (stream) await readAll(result as never);
      },
      sentModel: (e) => e.body.model,
    },
    {
      name: 'anthropic',
      model: 'claude-opus-4-1',
      cheaper: 'claude-sonnet-4-5',
      call: async (stream) => {
        const result = await anthropic.messages.create({ model: 'claude-opus-4-1', max_tokens: 64, messages, stream } as never);
        if (stream) await readAll(result as never);
      },
      sentModel: (e) => e.body.model,
    },
    {
      name: '@google/genai',
      model: 'gemini-2.5-pro',
      cheaper: 'gemini-2.5-flash',
      call: async (stream) => {
        const params = { model: 'gemini-2.5-pro', contents: 'hello there', config: { maxOutputTokens: 64 } };
        if (stream) await readAll(await genai.models.generateContentStream(params));
        else await genai.models.generateContent(params);
      },
      sentModel: fromPath,
    },
    {
      name: '@google/generative-ai',
      model: 'gemini-2.5-pro',
      cheaper: 'gemini-2.5-flash',
      call: async (stream) => {
        const model = generative.getGenerativeModel({ model: 'gemini-2.5-pro', generationConfig: { maxOutputTokens: 64 } }, { baseUrl: mockUrl });
        if (stream) await readAll((await model.generateContentStream('hello there')).stream);
        else await model.generateContent('hello there');
      },
      sentModel: fromPath,
    },
  ];
}
