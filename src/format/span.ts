// Where a problem ends, for formats that mark a range (GitHub annotations, SARIF, json): the run of
// non-blank characters that starts at its column, on its line. A whole-file problem (line 0) has none.
import type { Problem } from '../problem/index.js';

export type Span = { line: number; col: number; endLine: number; endCol: number };

/** 1-based; `endCol` is the column of the last character marked (inclusive, as GitHub reads it). */
export function spanOf(p: Problem, sources: Record<string, string>): Span {
  if (p.line <= 0) return { line: 0, col: 0, endLine: 0, endCol: 0 };
  const text = sources[p.file];
  const line = text && !text.includes('\0') ? text.replace(/^\uFEFF/, '').split(/\r\n?|\n/)[p.line - 1] : undefined;
  const run = line === undefined ? undefined : /^[^\s,\]}]+/.exec(line.slice(Math.max(0, p.col - 1)))?.[0];
  return { line: p.line, col: p.col, endLine: p.line, endCol: p.col + Math.max(0, (run?.length ?? 1) - 1) };
}
