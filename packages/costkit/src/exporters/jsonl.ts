import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CostkitEvent } from '../event.js';

/** Owner read/write only: events carry tags and model usage, not for other users. */
export const FILE_MODE = 0o600;

/**
 * Events as JSON lines in one buffer. JSON.stringify skips symbol-keyed
 * properties, so in-process attachments (see call-start.ts) never reach a file.
 */
export function toJsonLines(events: readonly CostkitEvent[]): Buffer {
  let text = '';
  for (const event of events) text += JSON.stringify(event) + '\n';
  return Buffer.from(text);
}

const madeDirs = new Set<string>();

async function ensureDir(path: string): Promise<void> {
  const dir = dirname(path);
  if (madeDirs.has(dir)) return;
  await mkdir(dir, { recursive: true });
  madeDirs.add(dir);
}

/**
 * Appends `data` with a single write(2) on an O_APPEND descriptor. On local Linux
 * filesystems a write to a regular file holds the inode lock for its whole length,
 * so appenders in other processes land before or after it, never inside it; this
 * is why we do not use fs.appendFile, which splits buffers over 512 KiB into
 * several writes. A short write (disk full) continues with the rest and can only
 * then interleave.
 */
export async function appendOnce(path: string, data: Buffer): Promise<void> {
  await ensureDir(path);
  const handle = await open(path, 'a', FILE_MODE);
  try {
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/** appendOnce, finished before it returns: for process exit and a blocking full queue. */
export function appendOnceSync(path: string, data: Buffer): void {
  const dir = dirname(path);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const fd = openSync(path, 'a', FILE_MODE);
  try {
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
  } finally {
    closeSync(fd);
  }
}
