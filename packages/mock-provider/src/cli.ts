import { startMockProvider } from './server.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const mock = await startMockProvider({ port: Number(flag('port') ?? 0), host: flag('host') ?? '127.0.0.1' });
console.log(`mock provider listening on ${mock.url}`);
console.log(`  openai:               new OpenAI({ apiKey: 'mock', baseURL: '${mock.url}/v1' })`);
console.log(`  @anthropic-ai/sdk:    new Anthropic({ apiKey: 'mock', baseURL: '${mock.url}' })`);
console.log(`  @google/genai:        new GoogleGenAI({ apiKey: 'mock', httpOptions: { baseUrl: '${mock.url}' } })`);
console.log(`  @google/generative-ai: genAI.getGenerativeModel({ model }, { baseUrl: '${mock.url}' })`);
const stop = () => void mock.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
