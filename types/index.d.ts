// Types of the crisis-playbooks package's programmatic API.

/** A located problem. `line` and `col` are 1-based; both are 0 when it concerns a whole file. `code` is stable (docs/codes.md). */
export type Problem = {
  file: string;
  line: number;
  col: number;
  code: string;
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
};

export type ValidateOptions = {
  /** Folder paths are resolved from and problems named relative to (default: process.cwd()). */
  cwd?: string;
  /** crisis.config.yaml to use (default: found in cwd or a parent). */
  config?: string;
  /** Look for playbooks here first. */
  playbooks?: string;
  /** Warnings fail too (`ok` is false). */
  strict?: boolean;
  /** Keep parses in the cache (default true; CRISIS_CACHE_DIR=off turns it off too). */
  cache?: boolean;
};

export type ValidateResult = { ok: boolean; problems: Problem[] };

/** What `crisis validate [paths...]` checks: playbook files or folders (default: the project's playbooks). */
export function validate(paths?: readonly string[], options?: ValidateOptions): Promise<ValidateResult>;
