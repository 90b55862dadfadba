import type { Problem } from '../problem/index.js';
import type { Formatter } from './types.js';

/**
 * Text XML 1.0 can hold: a character it cannot (a control character, U+FFFE/U+FFFF, half a
 * surrogate pair) is written as its escape, `\u001B`, so the report is always well-formed and the
 * reader still sees it; markup characters become entities, and in attributes line ends too.
 */
const XML_CANNOT = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const shown = (s: string) => s.replace(XML_CANNOT, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
export const xmlText = (s: string) => shown(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const xmlAttr = (s: string) => xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

const where = (p: Problem) => (p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file);
const described = (p: Problem) => `${where(p)}: ${p.severity}: ${p.message} [${p.code}]${p.hint ? `\n  hint: ${p.hint}` : ''}`;

/**
 * A testsuite a playbook (and one for the configuration when it has problems); in it a testcase
 * with a failure for each error (each warning too under --strict), carrying the file and line, or
 * one passing testcase when nothing fails. Warnings that do not fail go to the suite's system-out.
 */
export const junit: Formatter = ({ problems, playbooks, strict }) => {
  const claimed = new Set<Problem>();
  const suites = playbooks.map((pb) => {
    for (const p of pb.problems) claimed.add(p);
    return { name: pb.id ?? pb.file, file: pb.file, problems: pb.problems };
  });
  const rest = problems.filter((p) => !claimed.has(p));
  if (rest.length) suites.unshift({ name: 'configuration', file: rest[0]!.file, problems: rest });
  const fails = (p: Problem) => p.severity === 'error' || strict;
  let tests = 0;
  let failures = 0;
  const body = suites.map((s) => {
    const failing = s.problems.filter(fails);
    const passing = s.problems.filter((p) => !fails(p));
    const cases = failing.length
      ? failing.map(
          (p) =>
            `      <testcase classname="${xmlAttr(`crisis.validate.${s.name}`)}" name="${xmlAttr(`${p.code} at ${where(p)}`)}" file="${xmlAttr(p.file)}"${p.line > 0 ? ` line="${p.line}"` : ''}>\n` +
            `        <failure message="${xmlAttr(p.message)}" type="${xmlAttr(p.code)}">${xmlText(described(p))}</failure>\n      </testcase>`,
        )
      : [`      <testcase classname="${xmlAttr(`crisis.validate.${s.name}`)}" name="valid" file="${xmlAttr(s.file)}" />`];
    tests += cases.length;
    failures += failing.length;
    const out = passing.length ? `\n      <system-out>${xmlText(passing.map(described).join('\n'))}</system-out>` : '';
    return `    <testsuite name="${xmlAttr(s.name)}" file="${xmlAttr(s.file)}" tests="${cases.length}" failures="${failing.length}">\n${cases.join('\n')}${out}\n    </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="crisis validate" tests="${tests}" failures="${failures}">\n${body.join('\n')}\n</testsuites>\n`;
};
