import { spanOf } from './span.js';
import type { Formatter } from './types.js';

/** The version of this report's shape (schema/validate-report.schema.json); a breaking change bumps it. */
export const JSON_REPORT_VERSION = 1;

/**
 * Stable, for other programs (schema/validate-report.schema.json): problems with 1-based positions
 * and where they end, a summary whose `ok` is the verdict the exit status gives, the SMS counts.
 */
export const json: Formatter = ({ problems, sources, playbooks, sms, strict, version }) => {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'crisis', version: version ?? null },
    problems: problems.map((p) => {
      const span = spanOf(p, sources);
      return {
        code: p.code,
        severity: p.severity,
        message: p.message,
        hint: p.hint ?? null,
        file: p.file,
        line: span.line,
        column: span.col,
        endLine: span.endLine,
        endColumn: span.endCol,
      };
    }),
    summary: { ok: errors === 0 && !(strict && warnings > 0), errors, warnings, playbooks: playbooks.length, strict },
    playbooks: playbooks.map((p) => ({
      file: p.file,
      id: p.id ?? null,
      errors: p.problems.filter((x) => x.severity === 'error').length,
      warnings: p.problems.filter((x) => x.severity === 'warning').length,
    })),
    sms,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};
