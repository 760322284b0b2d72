import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import type fsp from 'node:fs/promises';
import { nodeBuiltin } from '../node-builtin.js';
import { dirname } from 'node:path';

/** Owner read/write only: events carry tags and model usage, not for other users. */
const FILE_MODE = 0o600;

const isMissingDir = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * Appends `data` with a single write(2) on an O_APPEND descriptor. On local Linux
 * filesystems a write to a regular file holds the inode lock for its whole length,
 * so appenders in other processes land before or after it, never inside it; this
 * is why we do not use fs.appendFile, which splits buffers over 512 KiB into
 * several writes. A short write (disk full) continues with the rest and can only
 * then interleave.
 *
 * A missing folder is created when the open finds it missing, not remembered: a
 * folder removed while the app runs (log cleanup, a new volume) comes back with
 * the next batch.
 */
export async function appendOnce(path: string, data: Uint8Array | readonly Uint8Array[]): Promise<void> {
  let handle;
  try {
    handle = await fs().open(path, 'a', FILE_MODE);
  } catch (error) {
    if (!isMissingDir(error)) throw error;
    await fs().mkdir(dirname(path), { recursive: true });
    handle = await fs().open(path, 'a', FILE_MODE);
  }
  try {
    // Several buffers go in one writev(2), as atomic as one write(2).
    let buffers = Array.isArray(data) ? [...data] : [data as Uint8Array];
    while (buffers.length > 0) {
      const { bytesWritten } = await handle.writev(buffers);
      buffers = rest(buffers, bytesWritten);
    }
  } finally {
    await handle.close();
  }
}

/** What a short write left: the buffers past the first `written` bytes. */
function rest(buffers: Uint8Array[], written: number): Uint8Array[] {
  let i = 0;
  while (i < buffers.length && written >= buffers[i]!.length) written -= buffers[i++]!.length;
  if (i === buffers.length) return [];
  return [buffers[i]!.subarray(written), ...buffers.slice(i + 1)];
}

/** appendOnce, finished before it returns: for process exit, deadlines and a blocking full queue. */
export function appendOnceSync(path: string, data: Uint8Array): void {
  let fd: number;
  try {
    fd = openSync(path, 'a', FILE_MODE);
  } catch (error) {
    if (!isMissingDir(error)) throw error;
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'a', FILE_MODE);
  }
  try {
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
  } finally {
    closeSync(fd);
  }
}

/** node:fs/promises, loaded by the first append (a file exporter or a dead-letter file), not at costkit's import. */
function fs(): typeof fsp {
  return nodeBuiltin<typeof fsp>('node:fs/promises');
}
