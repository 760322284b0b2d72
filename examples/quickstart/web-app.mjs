// A small web app: two routes, each request one user action that fans out into
// several LLM calls. costkitMiddleware gives every request one scope: its route
// template, the customer from a header, and one interactionId for all its calls.
import http from 'node:http';
import express from 'express';
import { withTags } from 'costkit';
import { costkitMiddleware, currentInteractionId } from 'costkit/http';

// The answer step sends the same long support policy first on every request, as a
// support bot does: after the first request, the provider serves that prefix from
// its prompt cache (OpenAI caches prefixes of 1,024 tokens and more), and the
// events show the cache reads and what they saved.
const SUPPORT_POLICY = {
  role: 'system',
  content: `You are Acme's support agent. Policy: ${'Refunds within 30 days of delivery are approved without review; later ones go to a person. '.repeat(80)}`,
};

export function webApp(openai) {
  const app = express();
  app.use(costkitMiddleware({ tags: (req) => ({ team: 'support', customer: req.headers['x-customer-id'] }) }));
  app.use(express.json());

  // A support conversation: triage, two sub-agents in parallel, a streamed answer.
  app.post('/api/chats/:chatId', async (req, res) => {
    const messages = [{ role: 'user', content: req.body.message }];
    await withTags({ feature: 'triage' }, () => openai.chat.completions.create({ model: 'gpt-4.1-mini', messages }));
    await Promise.all(
      ['research', 'policy'].map((feature) =>
        withTags({ feature }, () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages })),
      ),
    );
    const answer = await withTags({ feature: 'answer' }, () =>
      openai.chat.completions.create({ model: 'gpt-4o', messages: [SUPPORT_POLICY, ...messages], stream: true, stream_options: { include_usage: true } }),
    );
    res.type('text/plain').setHeader('x-interaction-id', currentInteractionId());
    for await (const chunk of answer) res.write(chunk.choices[0]?.delta?.content ?? '');
    res.end();
  });

  // A checkout summary: one embedding, one short completion.
  app.post('/api/carts/:cartId/summary', async (req, res) => {
    await withTags({ feature: 'checkout-summary' }, async () => {
      await openai.embeddings.create({ model: 'text-embedding-3-small', input: req.body.items });
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Summarize: ${req.body.items.join(', ')}` }] });
    });
    res.json({ interactionId: currentInteractionId() });
  });
  return app;
}

/** Serves the app on a free loopback port and makes the demo's requests to it. */
export async function driveWebApp(openai) {
  const server = http.createServer(webApp(openai));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const post = (path, customer, body) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-customer-id': customer }, body: JSON.stringify(body) }).then((r) => r.text());
  const customers = ['acme', 'globex', 'initech'];
  const requests = [];
  for (let i = 0; i < 9; i++) {
    // Longer conversations cost more: the spread is what p95 / p99 show.
    const message = `Where is my order #${4000 + i}? ${'It was due last week. '.repeat(1 + i * i)}`;
    requests.push(post(`/api/chats/${9000 + i}`, customers[i % 3], { message }));
  }
  for (let i = 0; i < 4; i++) {
    requests.push(post(`/api/carts/${700 + i}/summary`, customers[i % 3], { items: Array.from({ length: 2 + i * 3 }, (_, n) => `item ${n}`) }));
  }
  await Promise.all(requests);
  await new Promise((resolve) => server.close(resolve));
  return requests.length;
}
