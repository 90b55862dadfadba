import type { Problem } from '../problem/problem.js';
import type { Formatter } from './types.js';

const xml = (s: string) =>
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const where = (p: Problem) => (p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file);

/** One testcase a playbook; a failure per error (and per warning under --strict). */
export const junit: Formatter = ({ problems, playbooks, strict }) => {
  const claimed = new Set<Problem>();
  const cases = playbooks.map((pb) => {
    for (const p of pb.problems) claimed.add(p);
    return { name: pb.id ?? pb.file, file: pb.file, problems: pb.problems };
  });
  const rest = problems.filter((p) => !claimed.has(p));
  if (rest.length) cases.unshift({ name: 'configuration', file: rest[0]!.file, problems: rest });
  const fails = (p: Problem) => p.severity === 'error' || strict;
  const failures = cases.reduce((n, c) => n + (c.problems.some(fails) ? 1 : 0), 0);
  const body = cases.map((c) => {
    const failing = c.problems.filter(fails);
    const out = c.problems.filter((p) => !fails(p)).map((p) => `${where(p)}: ${p.severity}: ${p.message}`).join('\n');
    const inner = [
      ...(failing.length
        ? [`      <failure message="${xml(`${failing.length} problem${failing.length === 1 ? '' : 's'}`)}" type="crisis.validate">${xml(failing.map((p) => `${where(p)}: ${p.severity}: ${p.message} [${p.code}]${p.hint ? `\n  hint: ${p.hint}` : ''}`).join('\n'))}</failure>`]
        : []),
      ...(out ? [`      <system-out>${xml(out)}</system-out>`] : []),
    ];
    return `    <testcase classname="crisis.validate" name="${xml(c.name)}" file="${xml(c.file)}"${inner.length ? `>\n${inner.join('\n')}\n    </testcase>` : ' />'}`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="crisis validate" tests="${cases.length}" failures="${failures}">\n  <testsuite name="playbooks" tests="${cases.length}" failures="${failures}">\n${body.join('\n')}\n  </testsuite>\n</testsuites>\n`;
};
