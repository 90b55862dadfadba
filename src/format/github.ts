import { spanOf } from './span.js';
import type { Formatter } from './types.js';

// Workflow commands must be one line: the runner reads up to the newline, so %, CR and LF are
// escaped in the message, and also : and , in properties.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Annotations on the pull request's diff: the file is relative to the repository's root (the command sees to it). */
export const github: Formatter = ({ problems, playbooks, sources }) => {
  const lines = problems.map((p) => {
    const s = spanOf(p, sources);
    const at = s.line > 0 ? [`line=${s.line}`, `col=${s.col}`, `endLine=${s.endLine}`, `endColumn=${s.endCol}`] : [];
    const props = [`file=${escapeProperty(p.file)}`, ...at, `title=${escapeProperty(`crisis ${p.code}`)}`];
    return `::${p.severity} ${props.join(',')}::${escapeData(p.hint ? `${p.message}\n${p.hint}` : p.message)}`;
  });
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  lines.push(`${n(playbooks.length, 'playbook')} checked: ${n(errors, 'error')}, ${n(warnings, 'warning')}`);
  return `${lines.join('\n')}\n`;
};
