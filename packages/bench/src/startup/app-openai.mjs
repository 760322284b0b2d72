// A startup app: imports only openai and makes a client.
import OpenAI from 'openai';
import { oneCall, readyNow, report } from './measure.mjs';

const client = new OpenAI({ apiKey: 'bench' });
void client;
const ready = readyNow();
await oneCall(OpenAI);
report({ ...ready, recorded: null, expected: 1 });
