// Facts given on the command line (--answers, --set), read and typed, or a located failure.
import { type FactSource, type FactsResult, missingProblems, parseFactsFile, parseSetFlags, resolveFacts } from '../incident/index.js';
import type { Clock, Playbook } from '../playbook/index.js';
import { didYouMean, type Problem } from '../problem/index.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, ProblemsError } from './errors.js';
import type { IO } from './io.js';
import type { CommonOptions } from './options.js';
import { displayPath, readText } from './project.js';

export function givenFacts(io: IO, opts: CommonOptions): FactSource[] {
  const sources: FactSource[] = [];
  const problems: Problem[] = [];
  if (opts.answers) {
    const file = resolve(io.cwd, opts.answers);
    if (!existsSync(file)) fail('answers-missing', `answers file ${opts.answers} does not exist`, 'give a YAML or JSON file of input id: value');
    const shown = displayPath(io.cwd, file);
    const parsed = parseFactsFile(shown, readText(file, shown));
    problems.push(...parsed.problems);
    if (parsed.answers) sources.push(parsed.answers);
  }
  const sets = parseSetFlags(opts.set ?? []);
  problems.push(...sets.problems);
  sources.push(sets.answers);
  if (problems.length) throw new ProblemsError(problems);
  return sources;
}

/**
 * Typed facts; unknown ids and wrong types fail here, all named at once, together with the
 * required facts still missing when no one will be asked for them (`final`).
 */
export function typedFacts(
  pb: Playbook,
  sources: FactSource[],
  clock: Clock,
  opts: { final: boolean; base?: Record<string, unknown> } = { final: false },
): FactsResult {
  const result = resolveFacts(pb, sources, clock, { useDefaults: true, ...(opts.base ? { base: opts.base } : {}) });
  const missing = opts.final ? missingProblems(result.missing) : [];
  if (result.problems.length || missing.length) throw new ProblemsError([...result.problems, ...missing]);
  return result;
}

export function pickSeverity(pb: Playbook, wanted: string | undefined, fallback: string) {
  const id = wanted ?? fallback;
  const severity = pb.severities.find((s) => s.id === id);
  if (!severity) {
    const ids = pb.severities.map((s) => s.id);
    fail('unknown-severity', `no severity "${id}" in ${pb.id}`, didYouMean(id, ids, `severities: ${ids.join(', ')}`, `severities: ${ids.join(', ')}`), 2);
  }
  return severity;
}

export function pickLanguages(available: readonly string[], wanted: string | undefined): string[] {
  if (!wanted) return [...available];
  const langs = wanted
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const unknown = langs.filter((l) => !available.includes(l));
  if (unknown.length) fail('unknown-language', `the playbook is not written in ${unknown.join(', ')}`, `its languages: ${available.join(', ')}`, 2);
  return langs;
}
