import type { DuckDBConnection } from '@duckdb/node-api';
import cliProgress from 'cli-progress';

/** Scans shorter than this show no bar at all. */
const SHOW_AFTER_MS = 400;

/**
 * Runs a query with a progress bar on stderr, fed by DuckDB's own query progress
 * (the share of the files scanned). The query runs on DuckDB's threads, so the
 * event loop is free to redraw.
 */
export async function withProgress<T>(connection: DuckDBConnection, enabled: boolean, run: () => Promise<T>): Promise<T> {
  if (!enabled) return run();
  let bar: cliProgress.SingleBar | undefined;
  const started = Date.now();
  const timer = setInterval(() => {
    const percentage = connection.progress.percentage;
    if (percentage < 0 || Date.now() - started < SHOW_AFTER_MS) return;
    if (!bar) {
      bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'scanning events [{bar}] {percentage}%', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
      bar.start(100, 0);
    }
    bar.update(Math.min(100, Math.round(percentage)));
  }, 100);
  try {
    return await run();
  } finally {
    clearInterval(timer);
    bar?.stop();
  }
}
