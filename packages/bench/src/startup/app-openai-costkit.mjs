// The same startup app with costkit: import it, init(), then make the client.
import OpenAI from 'openai';
import costkit from 'costkit';
import { oneCall, readyNow, report } from './measure.mjs';

let recorded = 0;
const patched = await costkit.init({ exporters: [{ async export(events) { recorded += events.filter((e) => e.schema === 'costkit.call/1').length; } }] });
const client = new OpenAI({ apiKey: 'bench' });
void client;
const ready = readyNow();
await oneCall(OpenAI);
await costkit.flush();
report({ ...ready, recorded, expected: 1, patchedBuilds: patched.map((p) => `${p.packageName} ${p.build}`) });
