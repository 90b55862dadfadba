// Cross-checks the schema cannot express: ids, roles, severities, examples, deadlines.
import { coerceInput } from './inputs.js';
import type { Config, LoadedPlaybook } from './model.js';
import { didYouMean, problem, type Problem, warning } from '../problem/index.js';
import { locate, pointerOf } from './yaml-source.js';

/** Names templates see at the root besides the inputs; an input may not shadow them. */
export const RESERVED_NAMES = ['org', 'incident', 'owners', 'lang'];
// Names Windows cannot check out as a file or folder, whatever the extension (CON, NUL.yaml, com1.en.md).
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const EXAMPLE_CLOCK = { now: new Date('2026-01-01T00:00:00Z'), timeZone: 'UTC' };

/** The id a playbook file's name gives it: playbooks/supply-delay.yaml is supply-delay. */
export function fileIdOf(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
}

export function checkPlaybook(loaded: LoadedPlaybook, fileId: string, config: Config | undefined): Problem[] {
  const { playbook: pb, source } = loaded;
  const at = (...path: (string | number)[]) => locate(source, pointerOf(...path));
  const keyAt = (...path: (string | number)[]) => locate(source, pointerOf(...path), { key: true });
  const out: Problem[] = [];

  if (pb.id !== fileId)
    out.push(
      problem(
        'id-file-mismatch',
        `id "${pb.id}" does not match the file name "${fileId}.yaml"`,
        at('id'),
        `rename the file to ${pb.id}.yaml or set id: ${fileId}`,
      ),
    );

  if (WINDOWS_RESERVED.test(pb.id))
    out.push(
      problem(
        'id-reserved-name',
        `id "${pb.id}" is a name Windows reserves for a device`,
        at('id'),
        'a clone on Windows could not check out the file; pick another id, e.g. ' + `${pb.id}-incident`,
      ),
    );
  pb.statements.forEach((st, i) => {
    if (WINDOWS_RESERVED.test(st.id))
      out.push(
        problem(
          'id-reserved-name',
          `statement id "${st.id}" is a name Windows reserves for a device`,
          at('statements', i, 'id'),
          'its template and statement files could not be checked out on Windows; pick another id',
        ),
      );
  });

  for (const list of ['severities', 'inputs', 'steps', 'statements'] as const) {
    const seen = new Map<string, number>();
    pb[list].forEach((item, i) => {
      const first = seen.get(item.id);
      if (first !== undefined)
        out.push(
          problem('duplicate-id', `${list} has "${item.id}" twice`, at(list, i, 'id'), `rename one; the first is on line ${at(list, first, 'id').line}`),
        );
      else seen.set(item.id, i);
    });
  }

  const severityIds = pb.severities.map((s) => s.id);
  if (!severityIds.includes(pb.default_severity))
    out.push(
      problem(
        'unknown-severity',
        `default_severity "${pb.default_severity}" is not a severity; declared: ${severityIds.join(', ')}`,
        at('default_severity'),
        didYouMean(pb.default_severity, severityIds, 'pick one of the severities'),
      ),
    );

  const roles = Object.keys(pb.owners);
  const checkRole = (role: string, path: (string | number)[]) => {
    if (!roles.includes(role))
      out.push(
        problem('unknown-role', `unknown role "${role}"; declared: ${roles.join(', ')}`, at(...path), didYouMean(role, roles, `declare it under owners:`)),
      );
  };
  pb.steps.forEach((s, i) => checkRole(s.owner, ['steps', i, 'owner']));
  pb.statements.forEach((s, i) => checkRole(s.owner, ['statements', i, 'owner']));
  if (config?.source)
    for (const role of roles)
      if (!config.roster[role])
        out.push(
          warning(
            'role-not-on-roster',
            `role "${role}" has no one on the roster; statements name the role instead of a person`,
            keyAt('owners', role),
            `add to ${config.source.file}: roster: { ${role}: { name: ..., contact: ... } }`,
          ),
        );

  const inputIds = pb.inputs.map((i) => i.id);
  pb.inputs.forEach((input, i) => {
    if (['constructor', 'prototype', '__proto__'].includes(input.id))
      out.push(
        problem(
          'reserved-input-id',
          `input id "${input.id}" names a property every object has`,
          at('inputs', i, 'id'),
          'rename it; answers files may not use this key',
        ),
      );
    else if (RESERVED_NAMES.includes(input.id))
      out.push(
        problem(
          'reserved-input-id',
          `input id "${input.id}" hides the template variable of the same name`,
          at('inputs', i, 'id'),
          `rename it; reserved: ${RESERVED_NAMES.join(', ')}`,
        ),
      );
    if (input.type === 'choice' && !input.choices)
      out.push(problem('choice-without-choices', `input "${input.id}" is a choice but has no choices`, at('inputs', i, 'type'), 'add choices: [a, b]'));
    if (input.type !== 'choice' && input.choices)
      out.push(
        problem(
          'choices-without-choice',
          `input "${input.id}" has choices but is of type ${input.type}`,
          at('inputs', i, 'choices'),
          'set type: choice, or remove choices',
        ),
      );
    for (const key of ['example', 'default'] as const) {
      if (input[key] === undefined) continue;
      const typed = coerceInput(input, input[key], EXAMPLE_CLOCK);
      if (!typed.ok) {
        // The reason says what the type allows; for a choice, the nearest choice is the likely intent.
        const given = input[key];
        const hint = input.type === 'choice' && input.choices && typeof given === 'string' ? didYouMean(given, input.choices) : undefined;
        out.push(problem(`bad-${key}`, `${key} of input "${input.id}": ${typed.reason}`, at('inputs', i, key), hint));
      }
    }
    if (input.example === undefined)
      out.push(
        warning(
          'missing-example',
          `input "${input.id}" has no example`,
          keyAt('inputs', i, 'id'),
          'add example: so validate and preview can render the statements',
        ),
      );
  });

  pb.steps.forEach((step, i) => {
    if (step.from === undefined) return;
    const input = pb.inputs.find((x) => x.id === step.from);
    if (!input)
      out.push(
        problem(
          'unknown-input',
          `step "${step.id}" counts from "${step.from}", which is not an input; inputs: ${inputIds.join(', ')}`,
          at('steps', i, 'from'),
          didYouMean(step.from, inputIds, 'name a datetime input'),
        ),
      );
    else if (input.type !== 'datetime')
      out.push(
        problem(
          'from-not-datetime',
          `step "${step.id}" counts from "${step.from}", a ${input.type} input`,
          at('steps', i, 'from'),
          'a deadline runs from a datetime input, e.g. detected_at (type: datetime)',
        ),
      );
  });
  return out;
}
