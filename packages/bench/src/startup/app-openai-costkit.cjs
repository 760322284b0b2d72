// The CommonJS startup app with costkit: require it, init(), then make the client.
const OpenAI = require('openai');
const costkit = require('costkit');
const { oneCall, readyNow, report } = require('./measure.mjs');

let recorded = 0;
costkit
  .init({ exporters: [{ async export(events) { recorded += events.filter((e) => e.schema === 'costkit.call/1').length; } }] })
  .then(async (patched) => {
    const client = new OpenAI({ apiKey: 'bench' });
    void client;
    const ready = readyNow();
    await oneCall(OpenAI);
    await costkit.flush();
    report({ ...ready, recorded, expected: 1, patchedBuilds: patched.map((p) => `${p.packageName} ${p.build}`) });
  });
