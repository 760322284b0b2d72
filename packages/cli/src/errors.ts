/**
 * Exit codes, one meaning each, so a script can tell a finding from a failure:
 * 0 done; 1 the command's finding (reconcile over tolerance, replay with events
 * left undelivered); 2 the command line or an input file is wrong (the message
 * says which and how to fix it); 3 a bug in costkit (the message has the stack).
 */
export const EXIT = { ok: 0, finding: 1, usage: 2, internal: 3 } as const;

/** Bad flags, a missing file, a file that is not what the command reads. Exit 2. */
export class UsageError extends Error {
  readonly exitCode = EXIT.usage;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}
