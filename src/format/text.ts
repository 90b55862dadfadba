// `file:line:col: error: cause`, the source line with a caret, the hint; then a count.
import { Chalk } from 'chalk';
import type { Problem } from '../problem/index.js';
import type { SmsCount } from '../text/index.js';
import { terminalSafe } from './terminal.js';
import type { FormatInput, Formatter } from './types.js';

export const text: Formatter = ({ problems, sources, sms, playbooks, color, strict }) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines = problemLines(problems, sources, c);
  const smsLines = smsSummary(sms);
  if (smsLines.length) lines.push(...(lines.length ? [''] : []), ...smsLines);
  lines.push(summary(problems, playbooks.length, strict, c));
  return `${lines.join('\n')}\n`;
};

/** The problems alone, as `text` shows them: what every command prints when it stops on one. */
export function problemsText(problems: readonly Problem[], sources: Record<string, string>, color: boolean): string {
  const lines = problemLines(problems, sources, new Chalk({ level: color ? 1 : 0 }));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function problemLines(problems: readonly Problem[], sources: Record<string, string>, c: InstanceType<typeof Chalk>): string[] {
  const lines: string[] = [];
  for (const p of problems) {
    // Messages quote what the files say (a key, a role, a phrase): shown escaped, never raw.
    const where = terminalSafe(p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file);
    const label = p.severity === 'error' ? c.red('error') : c.yellow('warning');
    lines.push(`${c.bold(where)}: ${label}: ${terminalSafe(p.message)} ${c.dim(`[${p.code}]`)}`);
    const source = p.line > 0 ? sourceLine(sources[p.file], p.line) : undefined;
    if (source !== undefined && source.trim() !== '') {
      const { shown, caret } = excerpt(source, p.col);
      lines.push(`  ${shown}`, `  ${' '.repeat(caret)}${c.cyan('^')}`);
    }
    if (p.hint) lines.push(`  ${c.dim('hint:')} ${terminalSafe(p.hint)}`);
  }
  return lines;
}

const EXCERPT_WIDTH = 160;

/**
 * The source line as shown: tabs as one space, control characters (which could drive the
 * terminal) as their escapes, the caret moved past what an escape adds; a window around the
 * column when the line is long.
 */
function excerpt(line: string, col: number): { shown: string; caret: number } {
  const points = [...line];
  const chars = points.map((ch) => terminalSafe(ch === '\t' ? ' ' : ch));
  let at = 0;
  for (let i = 0, units = 0; i < chars.length && units < col - 1; i++) {
    units += points[i]!.length; // col counts UTF-16 units (the code points are split once: a line can be 200,000 long)
    at += chars[i]!.length;
  }
  const plain = chars.join('');
  if (plain.length <= EXCERPT_WIDTH) return { shown: plain, caret: at };
  const start = Math.max(0, Math.min(at - EXCERPT_WIDTH / 2, plain.length - EXCERPT_WIDTH));
  const end = start + EXCERPT_WIDTH;
  const before = start > 0 ? '…' : '';
  return { shown: `${before}${plain.slice(start, end)}${end < plain.length ? '…' : ''}`, caret: at - start + before.length };
}

/** The line a problem points at; none from a binary file, whose bytes would garble the terminal. */
function sourceLine(text: string | undefined, line: number): string | undefined {
  if (text === undefined || text.includes('\0')) return undefined;
  return text.replace(/^\uFEFF/, '').split(/\r\n?|\n/)[line - 1];
}

function smsSummary(sms: FormatInput['sms']): string[] {
  const multi = sms.filter((s) => s.segments > 1);
  if (!sms.length) return [];
  const worst = multi.length ? multi.map((s) => `  ${s.playbook}/${s.statement} (${s.lang}, ${s.stage}): ${s.length} characters, ${describeSms(s)}`) : [];
  return [`SMS: ${sms.length} render${sms.length === 1 ? '' : 's'} checked, ${multi.length} over one segment${multi.length ? ':' : ''}`, ...worst];
}

function summary(problems: readonly Problem[], playbooks: number, strict: boolean, c: InstanceType<typeof Chalk>): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const checked = `${playbooks} playbook${playbooks === 1 ? '' : 's'} checked`;
  if (!problems.length) return c.green(`${checked}: no problems`);
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  const failing = errors > 0 || (strict && warnings > 0);
  return `${checked}: ${failing ? c.red(counts) : c.yellow(counts)}${strict && warnings && !errors ? ' (--strict: warnings fail)' : ''}`;
}

export function describeSms(c: SmsCount): string {
  return `${c.segments} SMS segment${c.segments === 1 ? '' : 's'} (${c.encoding}, ${c.units} units, ${c.perSegment} a segment)`;
}
