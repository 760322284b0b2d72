import { Option, type Command } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import { emit, renderJson } from '../formats/output.js';
import { numberFlag, warn } from './shared.js';

interface ReplayFlags {
  to: string;
  header: string[];
  batch: number;
  retries: number;
  progressFile?: string;
  format: string;
}

export function registerReplay(program: Command): Command {
  return program
    .command('replay')
    .description("sends a dead-letter file's events to a collector, idempotent by event id; resumes where a stopped run left off")
    .argument('<file>', 'the dead-letter file (the http exporter\'s deadLetterPath), .gz too')
    .requiredOption('--to <url>', 'the collector URL (the http exporter\'s url)')
    .option('--header <name:value>', 'a request header, e.g. "authorization: Bearer …" (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('--batch <n>', 'events per request', numberFlag('--batch', 1), 500)
    .option('--retries <n>', 'retries of a failing request before stopping', numberFlag('--retries'), 3)
    .option('--progress-file <path>', 'where delivered ids are kept (default <file>.replay)')
    .addOption(new Option('--format <format>', 'summary format').choices(['table', 'json']).default('table'))
    .action(async (file: string, flags: ReplayFlags) => {
      let url: URL;
      try {
        url = new URL(flags.to);
      } catch {
        throw new UsageError(`--to '${flags.to}': expected an http:// or https:// URL`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--to '${flags.to}': expected an http:// or https:// URL`);
      const headers: Record<string, string> = {};
      for (const h of flags.header) {
        const i = h.indexOf(':');
        if (i <= 0) throw new UsageError(`--header '${h}': expected name: value`);
        headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
      }
      // The http exporter warns that an unsent batch is lost; here it stays in the dead-letter
      // file for the next run, which the summary below says.
      const warningListeners = process.listeners('warning');
      process.removeAllListeners('warning');
      process.on('warning', (w: Error & { code?: string }) => {
        if (w.code !== 'COSTKIT') for (const l of warningListeners) l(w);
      });
      const { replay } = await import('../replay/replay.js');
      const json = await replay(file, { url: flags.to, headers, batchSize: flags.batch, retries: flags.retries, statePath: flags.progressFile });
      for (const bad of json.skipped.slice(0, 20)) warn(`not sent ${bad.file}:${bad.line}: ${bad.reason}`);
      if (flags.format === 'json') await emit(renderJson(json));
      else {
        const lines = [
          `${json.sent} events sent to ${json.to}; ${json.alreadyDelivered} delivered by an earlier run; ${json.remaining} remaining`,
          ...(json.duplicates ? [`${json.duplicates} lines repeated an event id already in the file: sent once`] : []),
          ...(json.skippedLines ? [`${json.skippedLines} lines are not events: not sent (listed on stderr)`] : []),
          `progress: ${json.progressFile}`,
        ];
        await emit(`${lines.join('\n')}\n`);
      }
      if (json.remaining > 0) {
        warn(`the collector did not take every event (${json.error}): ${json.remaining} remain; run the same command again to resume`);
        process.exitCode = EXIT.finding;
      }
    });
}
