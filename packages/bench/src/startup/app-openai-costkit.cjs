// The CommonJS startup app with costkit: require it, init(), then make the client.
const OpenAI = require('openai');
const costkit = require('costkit');
const { countingExporter, reportInstrumented } = require('./measure.mjs');

const exporter = countingExporter();
costkit.init({ exporters: [exporter] }).then((patched) => reportInstrumented(OpenAI, costkit, patched, exporter));
