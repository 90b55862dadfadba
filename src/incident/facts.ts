// Facts for an incident from what the responder gave: an answers file, --set flags, prompts.
import { type Clock, coerceInput, type Input, isBlank, locate, parseYaml, type Playbook, pointerOf } from '../playbook/index.js';
import { didYouMean, problem, type Problem } from '../problem/index.js';

export type FactSource = { values: Record<string, unknown>; origin: (id: string) => { file: string; line: number; col: number } };

/** An answers file (YAML or JSON): a mapping of input id -> value. */
export function parseFactsFile(file: string, text: string): { answers?: FactSource; problems: Problem[] } {
  const parsed = parseYaml(file, text);
  if (parsed.problems.length) return { problems: parsed.problems };
  const v = parsed.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return {
      problems: [
        problem(
          'answers-not-mapping',
          'an answers file is a mapping of input id to value',
          { file, line: 1, col: 1 },
          'e.g. affected_products: [Winter parka]',
        ),
      ],
    };
  return { answers: { values: v as Record<string, unknown>, origin: (id) => locate(parsed.source, pointerOf(id), { key: true }) }, problems: [] };
}

/** `--set id=value` flags; a flag without `=` is reported, not guessed. */
export function parseSetFlags(flags: readonly string[]): { answers: FactSource; problems: Problem[] } {
  // No prototype: `--set __proto__=x` is then an unknown fact like any other, not a silently ignored setter.
  const values: Record<string, unknown> = Object.create(null);
  const problems: Problem[] = [];
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      problems.push(problem('bad-set', `--set ${flag} is not of the form id=value`, { file: '--set' }, 'e.g. --set new_ship_date=2026-12-03'));
      continue;
    }
    values[flag.slice(0, eq).trim()] = flag.slice(eq + 1);
  }
  return { answers: { values, origin: () => ({ file: '--set', line: 0, col: 0 }) }, problems };
}

export type FactsResult = { facts: Record<string, unknown>; given: Set<string>; problems: Problem[]; missing: Input[] };

/**
 * Types every answer given (later sources win), then fills the rest from `base` (the incident's
 * facts so far), then from defaults when `useDefaults`. Unknown ids and wrong types are problems;
 * required facts still missing are returned, so a caller can prompt for them or fail.
 */
export function resolveFacts(
  pb: Playbook,
  sources: readonly FactSource[],
  clock: Clock,
  opts: { base?: Record<string, unknown>; useDefaults: boolean },
): FactsResult {
  const ids = pb.inputs.map((i) => i.id);
  const facts: Record<string, unknown> = {};
  const given = new Set<string>();
  const wrong = new Set<string>();
  const problems: Problem[] = [];
  for (const source of sources) {
    for (const [id, raw] of Object.entries(source.values)) {
      const input = pb.inputs.find((i) => i.id === id);
      if (!input) {
        problems.push(
          problem(
            'unknown-input',
            `"${id}" is not a fact of ${pb.id}`,
            source.origin(id),
            didYouMean(id, ids, `facts: ${ids.join(', ')}`, `facts: ${ids.join(', ')}`),
          ),
        );
        continue;
      }
      if (isBlank(raw)) {
        facts[id] = null;
        given.add(id);
        continue;
      }
      const typed = coerceInput(input, raw, clock);
      if (!typed.ok)
        (problems.push(problem('bad-answer', typed.reason, source.origin(id), input.type === 'choice' ? undefined : `the prompt: ${input.prompt}`)),
          wrong.add(id));
      else ((facts[id] = typed.value), given.add(id), wrong.delete(id));
    }
  }
  for (const input of pb.inputs) {
    if (given.has(input.id)) continue;
    if (opts.base && Object.hasOwn(opts.base, input.id)) facts[input.id] = opts.base[input.id];
    else if (opts.useDefaults && input.default !== undefined) {
      const typed = coerceInput(input, input.default, clock);
      facts[input.id] = typed.ok ? typed.value : null;
    } else facts[input.id] = null;
  }
  // A required fact answered wrongly is reported as wrong, not a second time as missing.
  const missing = pb.inputs.filter((i) => i.required && !wrong.has(i.id) && (facts[i.id] === null || facts[i.id] === undefined));
  return { facts, given, problems, missing };
}

export function missingProblems(missing: readonly Input[]): Problem[] {
  return missing.map((i) =>
    problem(
      'missing-answer',
      `required fact "${i.id}" has no answer (${i.prompt})`,
      { file: 'answers' },
      `give it with --set ${i.id}=... or in an --answers file`,
    ),
  );
}
