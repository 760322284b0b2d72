import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerAnomalies } from './commands/anomalies.js';
import { registerBudgets } from './commands/budgets.js';
import { registerForecast } from './commands/forecast.js';
import { registerHtml } from './commands/html.js';
import { registerReconcile } from './commands/reconcile.js';
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { registerReprice } from './commands/reprice.js';
import { registerSql } from './commands/sql.js';
import { registerWhatif } from './commands/whatif.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const COMMANDS = [registerReport, registerReconcile, registerAnomalies, registerForecast, registerWhatif, registerReprice, registerReplay, registerBudgets, registerHtml, registerSql];

/** The `costkit` command line: one register function per command (commands/<name>.ts). */
export function buildProgram(): Command {
  const program = new Command('costkit')
    .description("costkit's event ledger as FinOps answers: spend by team, feature and customer, the FOCUS export, invoice reconciliation, anomalies, forecasts and what-ifs")
    .version(version)
    .exitOverride();
  shortErrors(program, 'costkit');
  for (const register of COMMANDS) {
    const command = register(program).exitOverride();
    shortErrors(command, `costkit ${command.name()}`);
  }
  return program;
}

/** A usage error prints one line of what is wrong and the usage line, not the whole help. */
function shortErrors(command: Command, name: string): void {
  command.configureOutput({
    outputError: (message, write) => write(`${message.trimEnd()}\nUsage: ${name} ${command.usage()}\nRun '${name} --help' for the options.\n`),
  });
}
