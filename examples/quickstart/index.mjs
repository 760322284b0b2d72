// costkit quickstart: two teams, plain and streamed calls, one event per call,
// and the cost table a FinOps review starts from; then a small web app whose
// requests are each one interaction, with cost per interaction and per route.
//
//   npx -y pnpm@10.34.9 demo                 # against the local mock provider
//   OPENAI_API_KEY=sk-… node index.mjs       # the real OpenAI API (likewise
//                                            # ANTHROPIC_API_KEY, GEMINI_API_KEY)
import costkit, { withTags } from 'costkit';
import { startMockProvider } from '@costkit/mock-provider';
import { makeClients } from './clients.mjs';
import { costTable } from './cost-table.mjs';
import { driveWebApp } from './web-app.mjs';
import { interactionTable, printable, routeTable } from './interaction-table.mjs';

const events = [];
const mock = await startMockProvider({ port: 0 });

await costkit.init({
  service: 'quickstart',
  defaultTags: { team: 'platform' },
  exporters: [
    { type: 'stdout', pretty: true },
    { async export(batch) { events.push(...batch); } },
  ],
});

const { openai, anthropic, gemini, using } = makeClients(mock.url);
console.log(`providers: ${using.join(', ')}\n`);

const question = [{ role: 'user', content: 'In one sentence: why does prompt caching lower cost?' }];

await withTags({ team: 'search', feature: 'summarize' }, async () => {
  await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: question });
  const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: question, stream: true });
  for await (const chunk of stream) void chunk.choices[0]?.delta?.content;
  if (anthropic) {
    await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: question });
  }
});

await withTags({ team: 'support', feature: 'triage' }, async () => {
  await openai.responses.create({ model: 'gpt-4.1-mini', input: 'Classify: "my invoice is wrong"' });
  if (anthropic) {
    const stream = anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 256, messages: question });
    await stream.finalMessage();
  }
  if (gemini) {
    await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Classify: "my invoice is wrong"' });
    const stream = await gemini.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Summarize the ticket.' });
    for await (const chunk of stream) void chunk.text;
  }
});

// Outside any scope: attributed to the default owner (team platform, tagged: false).
await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['costkit'] });

await costkit.flush();
console.log('\nCost by team and feature');
console.table(costTable(events));

// The web app: every request one interaction. Its events are collected, not printed
// one by one (init again reconfigures: the same patches, other exporters).
const webEvents = [];
await costkit.init({ service: 'quickstart-web', exporters: [{ async export(batch) { webEvents.push(...batch); } }] });
const requests = await driveWebApp(openai);
await costkit.flush();
const interactions = interactionTable(webEvents);
console.log(`\nWeb app: ${requests} requests, ${webEvents.length} calls`);
console.log('Cost per interaction (one request = one interaction)');
console.table(printable(interactions));
console.log('Cost per route (per interaction: p50 / p95 / p99)');
console.table(routeTable(interactions));
await costkit.shutdown();
await mock.close();
