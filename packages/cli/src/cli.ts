#!/usr/bin/env node
import { CommanderError } from 'commander';
import { EXIT, UsageError } from './errors.js';
import { buildProgram } from './program.js';

/** Exit codes: errors.ts. A usage error prints a short message and the usage, and exits 2. */
async function main(): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message (and the usage); --help and --version are not errors.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`costkit: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`costkit: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  }
}

process.exitCode = await main();
