import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';

/**
 * What a replay has delivered: the ids of the events the collector acknowledged,
 * one per line, appended and fsync'd after each acknowledged batch, before the next
 * is sent. A re-run skips them, so an interrupted replay resumes where it stopped.
 */
export class ReplayState {
  private readonly fd: number;
  readonly delivered: Set<string>;

  constructor(readonly path: string) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot read the replay progress file ${path} (${(error as Error).message})`);
    }
    // A torn last line (a crash mid-write) is an id not yet known to be delivered.
    const lines = text.split('\n');
    const complete = text.endsWith('\n') ? lines : lines.slice(0, -1);
    this.delivered = new Set(complete.filter((l) => l !== ''));
    this.fd = openSync(path, 'a', 0o600);
    if (!text.endsWith('\n') && text !== '') writeSync(this.fd, '\n');
  }

  record(ids: readonly string[]): void {
    writeSync(this.fd, `${ids.join('\n')}\n`);
    fsyncSync(this.fd);
    for (const id of ids) this.delivered.add(id);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** One replay of a dead-letter file at a time: a second one would send the same events. */
export function acquireLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (pid > 0 && isAlive(pid)) throw new UsageError(`another replay of this file is running (pid ${pid}, lock ${path}); wait for it`);
      // The process that held it is gone: the lock is stale.
      unlinkSync(path);
    }
  }
  throw new UsageError(`cannot take the replay lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
