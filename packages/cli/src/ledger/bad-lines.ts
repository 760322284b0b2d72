import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { EVENT_SCHEMAS } from './schema.js';

export interface BadLine {
  file: string;
  /** 1-based, counting blank lines. */
  line: number;
  reason: string;
}

export interface FileCheck {
  bad: BadLine[];
  /** Non-blank lines that are events. */
  events: number;
  /** Non-blank lines. */
  lines: number;
}

/** Why a line is not a costkit event, or null when it is one; the same rules as the SQL in schema.ts. */
export function lineProblem(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text.trimEnd().endsWith('}') ? 'not valid JSON' : 'not valid JSON (truncated?)';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const event = value as Record<string, unknown>;
  if (typeof event.schema !== 'string') return "no 'schema' field: not a costkit event";
  if (!(EVENT_SCHEMAS as readonly string[]).includes(event.schema)) return `unknown schema '${event.schema}' (this version reads ${EVENT_SCHEMAS.join(', ')})`;
  if (typeof event.id !== 'string' || event.id === '') return "no 'id'";
  if (typeof event.timestamp !== 'string' || Number.isNaN(Date.parse(event.timestamp))) return "no valid 'timestamp'";
  if (event.schema === 'costkit.call/1') {
    for (const field of ['provider', 'model', 'status']) if (typeof event[field] !== 'string') return `a call event without '${field}'`;
  }
  return null;
}

// What every line the file exporter writes starts with; anything else is checked in full.
const EVENT_PREFIX = '{"schema":"costkit.';

/**
 * Finds the lines DuckDB could not read as events, with their numbers. Cheap first:
 * a line shaped like the exporter's is taken as good and only the others are parsed;
 * if that finds fewer than DuckDB counted (a line corrupted in the middle), every
 * line is parsed.
 */
export async function checkFile(file: string, expectedBad: number): Promise<FileCheck> {
  const quick = await scanLines(file, (text) => (text.startsWith(EVENT_PREFIX) && text.endsWith('}') ? null : lineProblem(text)));
  if (quick.bad.length >= expectedBad) return quick;
  return scanLines(file, lineProblem);
}

async function scanLines(file: string, problem: (text: string) => string | null): Promise<FileCheck> {
  const raw = createReadStream(file);
  const input = /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const result: FileCheck = { bad: [], events: 0, lines: 0 };
  let number = 0;
  for await (const line of lines) {
    number++;
    const text = line.trim();
    if (text === '') continue;
    result.lines++;
    const reason = problem(text);
    if (reason === null) result.events++;
    else result.bad.push({ file, line: number, reason });
  }
  return result;
}
