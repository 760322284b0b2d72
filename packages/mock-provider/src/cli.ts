/** `costkit-mock-provider [--port N] [--host H]`: the mock as a standalone server for apps and demos. */
import { startMockProvider } from './server.js';

const USAGE = 'usage: costkit-mock-provider [--port N] [--host H]   (port 0, the default, picks a free one)';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(option('port') ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port\n${USAGE}`);
  process.exit(2);
}

const host = option('host') ?? '127.0.0.1';
const mock = await startMockProvider({ port, host }).catch((error: Error) => {
  // Usually EADDRINUSE: one line, not a stack trace.
  console.error(`mock provider: cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
console.log(
  [
    `mock provider listening on ${mock.url}`,
    // Each line works as pasted: the SDKs refuse to construct without a key, and the mock takes any.
    `  openai                 new OpenAI({ apiKey: 'mock', baseURL: '${mock.url}/v1' })`,
    `  @anthropic-ai/sdk      new Anthropic({ apiKey: 'mock', baseURL: '${mock.url}' })`,
    `  @google/genai          new GoogleGenAI({ apiKey: 'mock', httpOptions: { baseUrl: '${mock.url}' } })`,
    `  @google/generative-ai  new GoogleGenerativeAI('mock').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: '${mock.url}' })`,
    `  env                    OPENAI_BASE_URL=${mock.url}/v1 ANTHROPIC_BASE_URL=${mock.url} GOOGLE_GEMINI_BASE_URL=${mock.url}`,
  ].join('\n'),
);

const stop = () => void mock.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
