// The same Anthropic startup app with costkit: require it, init(), then make the client.
const Anthropic = require('@anthropic-ai/sdk');
const costkit = require('costkit');
const { countingExporter, oneAnthropicCall, reportInstrumented } = require('./measure.mjs');

const exporter = countingExporter();
costkit.init({ exporters: [exporter] }).then((patched) => reportInstrumented(Anthropic, costkit, patched, exporter, oneAnthropicCall));
