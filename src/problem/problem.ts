/**
 * A located problem. `line` and `col` are 1-based; both are 0 when the problem
 * concerns a whole file or no file at all (a missing file, a usage mistake).
 * `code` is stable: CI filters and tests key on it, so never rename one.
 */
export type Problem = {
  file: string;
  line: number;
  col: number;
  code: string;
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
};

export type Position = { line: number; col: number };

export function problem(
  code: string,
  message: string,
  at: { file: string } & Partial<Position>,
  hint?: string,
  severity: Problem['severity'] = 'error',
): Problem {
  return { file: at.file, line: at.line ?? 0, col: at.col ?? 0, code, severity, message, ...(hint ? { hint } : {}) };
}

export function warning(code: string, message: string, at: { file: string } & Partial<Position>, hint?: string): Problem {
  return problem(code, message, at, hint, 'warning');
}

export const hasErrors = (problems: readonly Problem[]) => problems.some((p) => p.severity === 'error');

/** Stable order for output: by file, then position, then code. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code));
}

/**
 * The "did you mean" hint, the one way every message suggests a name: `did you mean "x"?` (then
 * `also`, when given) when a candidate is close, else `otherwise`.
 */
export function didYouMean(word: string, candidates: Iterable<string>, otherwise: string, also?: string): string;
export function didYouMean(word: string, candidates: Iterable<string>, otherwise?: string, also?: string): string | undefined;
export function didYouMean(word: string, candidates: Iterable<string>, otherwise?: string, also?: string): string | undefined {
  const guess = closest(word, candidates);
  return guess ? `did you mean "${guess}"?${also ? ` ${also}` : ''}` : otherwise;
}

/**
 * Closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close,
 * or when two are equally close (`sev3` is as near `sev1` as `sev2`: a guess would be a coin toss).
 * A word that is the start of exactly one candidate (`orders` for `orders_affected`) beats a
 * candidate two edits away (`owners`).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const all = [...new Set(candidates)];
  let best: string | undefined;
  let bestScore = Infinity;
  let tied = false;
  for (const c of all) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestScore) [best, bestScore, tied] = [c, d, false];
    else if (d === bestScore) tied = true;
  }
  const clear = best !== undefined && !tied;
  if (clear && bestScore <= 1) return best;
  const extending = lower.length >= 3 ? all.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  if (extending.length === 1) return extending[0];
  return clear && bestScore <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
