import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerReconcile } from './commands/reconcile.js';
import { registerReport } from './commands/report.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `costkit` command line: one register function per command (commands/<name>.ts). */
export function buildProgram(): Command {
  const program = new Command('costkit')
    .description("costkit's event ledger as FinOps answers: spend by team, feature and customer, the FOCUS export, invoice reconciliation, anomalies, forecasts and what-ifs")
    .version(version)
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerReport, registerReconcile]) {
    const command = register(program);
    command.showHelpAfterError().exitOverride();
  }
  return program;
}
