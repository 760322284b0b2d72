// A CommonJS startup app that uses Anthropic: requires only @anthropic-ai/sdk and makes a client.
const Anthropic = require('@anthropic-ai/sdk');
const { oneAnthropicCall, readyNow, report } = require('./measure.mjs');

const client = new Anthropic({ apiKey: 'bench' });
void client;
const ready = readyNow();
oneAnthropicCall(Anthropic).then(() => report({ ...ready, recorded: null, expected: 1 }));
