import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const WORKER = join(__dirname, '../fixtures/worker.mjs');

export interface WorkerResult {
  fulfilled: number;
  refused: number;
  otherErrors: string[];
  costPico: number;
  reservedUsd: number[];
  budgetEvents: Array<Record<string, any>>;
  stats: Record<string, any>;
}

export interface Worker {
  readonly child: ChildProcess;
  /** Resolves with the worker's report when it exits cleanly. */
  readonly result: Promise<WorkerResult>;
  /** Resolves when the worker printed `line`. */
  printed(line: string): Promise<void>;
}

/** Starts one app process (fixtures/worker.mjs) with `config`. */
export function startWorker(config: Record<string, unknown>): Worker {
  const child = spawn(process.execPath, [WORKER], { env: { ...process.env, COSTKIT_WORKER: JSON.stringify(config) }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<{ line: string; resolve: () => void }> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) if (out.split('\n').includes(w.line)) w.resolve();
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const result = new Promise<WorkerResult>((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`worker exited with ${code ?? signal}:\n${err}\n${out}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as WorkerResult);
    });
  });
  return {
    child,
    result,
    printed: (line) =>
      new Promise<void>((resolve, reject) => {
        if (out.split('\n').includes(line)) return resolve();
        waiters.push({ line, resolve });
        child.once('exit', () => reject(new Error(`worker exited before printing '${line}':\n${err}`)));
      }),
  };
}
