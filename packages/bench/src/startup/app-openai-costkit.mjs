// The same startup app with costkit: import it, init(), then make the client.
import OpenAI from 'openai';
import costkit from 'costkit';
import { countingExporter, reportInstrumented } from './measure.mjs';

const exporter = countingExporter();
const patched = await costkit.init({ exporters: [exporter] });
await reportInstrumented(OpenAI, costkit, patched, exporter);
