import type { Formatter } from './types.js';

/** Stable, for other programs: problems with 1-based positions, and the SMS counts. `ok` is the verdict the exit status gives. */
export const json: Formatter = ({ problems, playbooks, sms, strict }) =>
  `${JSON.stringify(
    {
      ok: !problems.some((p) => p.severity === 'error' || strict),
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
      problems,
      playbooks: playbooks.map((p) => ({ file: p.file, id: p.id ?? null, errors: p.problems.filter((x) => x.severity === 'error').length, warnings: p.problems.filter((x) => x.severity === 'warning').length })),
      sms,
    },
    null,
    2,
  )}\n`;
