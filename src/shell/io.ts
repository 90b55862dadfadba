// The edges a command touches, passed in so tests can fake them: streams, clock, cwd, environment.
export type Output = { write(text: string): unknown };

export type IO = {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
  /** True only when both stdin and stdout are terminals: the only time we prompt. */
  interactive: boolean;
  /** Colour on stderr/stdout: see colorWanted. */
  color: boolean;
  now: () => Date;
  /** Who runs the command (the `by` of the events it writes); resolved on first use. */
  responder: () => string;
};

/**
 * Colour: --no-color wins; then FORCE_COLOR (set and not 0 or false: a CI log that shows colours,
 * a pager) over NO_COLOR (set and not empty), as Node itself reads them; else only on a terminal.
 */
export function colorWanted(env: Record<string, string | undefined>, isTTY: boolean, flag?: boolean): boolean {
  if (flag === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR) return false;
  return isTTY;
}

/** Exit codes (README, "crisis validate in CI"): 0 success, 1 a check failed or the input is wrong, 2 usage, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The clock: CRISIS_NOW (ISO 8601) replaces it for tests and rehearsals. */
export function clockFrom(env: Record<string, string | undefined>): () => Date {
  const fixed = env.CRISIS_NOW;
  if (!fixed) return () => new Date();
  const at = new Date(fixed);
  if (Number.isNaN(at.getTime())) throw new UsageError(`CRISIS_NOW="${fixed}" is not an ISO 8601 time`, 'e.g. CRISIS_NOW=2026-11-23T14:30:00+01:00');
  return () => at;
}

/** A mistake in how the command was called: printed once, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The responder pressed Ctrl-C (or input ended) at a prompt. The edge exits 130. */
export class Interrupted extends Error {
  /** `done`: what was completed before stopping, when something was (the edge says so instead of "nothing was written"). */
  constructor(readonly done?: string) {
    super('interrupted');
  }
}
