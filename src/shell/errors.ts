// Failures a user can fix, carried to the edge (src/cli.ts) and printed once there.
import type { Problem } from '../problem/index.js';
import { EXIT, type ExitCode } from './io.js';

/** Located problems that stop a command: printed like validate's text output, exit 1 unless told. */
export class ProblemsError extends Error {
  constructor(
    readonly problems: Problem[],
    readonly exitCode: ExitCode = EXIT.failed,
  ) {
    super(problems.map((p) => p.message).join('; '));
  }
}

/** One problem with no file behind it (a missing playbook, a bad flag value). */
export function fail(code: string, message: string, hint?: string, exitCode: ExitCode = EXIT.failed): never {
  throw new ProblemsError([{ file: '', line: 0, col: 0, code, severity: 'error', message, ...(hint ? { hint } : {}) }], exitCode);
}
