// A CommonJS startup app: requires only openai and makes a client.
const OpenAI = require('openai');
const { oneCall, readyNow, report } = require('./measure.mjs');

const client = new OpenAI({ apiKey: 'bench' });
void client;
const ready = readyNow();
oneCall(OpenAI).then(() => report({ ...ready, recorded: null, expected: 1 }));
