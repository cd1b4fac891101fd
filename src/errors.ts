/**
 * A mistake the person running pinmesh can fix: a bad flag, a bad circuit file, a busy port, a
 * missing board. The CLI prints its message on one line (no stack trace) and exits non-zero.
 * Write the message as advice: what is wrong, where, and what to do.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
