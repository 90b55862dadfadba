// The one printer of problems on the terminal: `file:line:col: severity: cause`, the hint, paths
// shown from where the user stands. validate's formats are its own (src/format); every other
// command prints what stops it, or what it warns of, through here.
import type { Problem } from '../problem/index.js';
import { problemsText } from '../format/text.js';
import type { IO } from './io.js';
import { displayPath } from './project.js';

export function printProblems(io: Pick<IO, 'cwd' | 'stderr'> & { color?: boolean }, problems: readonly Problem[], sources: Record<string, string> = {}): void {
  if (!problems.length) return;
  const shown = problems.map((p) => ({ ...p, file: p.file ? displayPath(io.cwd, p.file) : 'crisis' }));
  io.stderr.write(problemsText(shown, sources, Boolean(io.color)));
}
