// Channel budgets, checked wherever statements are made (render, start, update, resolve) and by
// validate: an SMS is held to the segments it may cost (`sms.max_segments`, twice as many for a
// UCS-2 language, whose segments hold 70 characters instead of 160), a statement with a length
// limit (social 280, an explicit `max_length`) to its characters.
import { type Config, maxLengthOf, type Statement } from '../playbook/index.js';
import { problem, type Problem } from '../problem/index.js';
import { type SmsEncoding, smsSegments } from '../text/index.js';

export type Overrun = {
  unit: 'characters' | 'segments';
  used: number;
  limit: number;
  /** For segments: the encoding the text needs, and its characters. */
  encoding?: SmsEncoding;
  characters?: number;
};

/** What a reader sees: an HTML statement without its tags. Lengths count this. */
export const visibleText = (r: { format: string; text: string }) =>
  r.format === 'html'
    ? r.text
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim()
    : r.text;

/** Segments an SMS in this encoding may use. */
export function segmentBudget(config: Config, encoding: SmsEncoding): number {
  const base = config.sms?.max_segments ?? 1;
  return encoding === 'UCS-2' ? base * 2 : base;
}

/** How a rendered statement goes over its budget, if it does: characters first, then segments. */
export function overruns(statement: Statement, text: string, config: Config): Overrun[] {
  const out: Overrun[] = [];
  const length = [...text].length;
  // An SMS without its own max_length is held to segments only: 160 characters is the GSM-7
  // segment, and the segment count is what the gateway bills.
  const max = statement.channel === 'sms' && statement.max_length === undefined ? undefined : maxLengthOf(statement);
  if (max !== undefined && length > max) out.push({ unit: 'characters', used: length, limit: max });
  if (statement.channel === 'sms') {
    const count = smsSegments(text);
    const limit = segmentBudget(config, count.encoding);
    if (count.segments > limit) out.push({ unit: 'segments', used: count.segments, limit, encoding: count.encoding, characters: length });
  }
  return out;
}

/** "151 characters, 3 UCS-2 SMS segments: 1 over its budget of 2 (sms.max_segments 1, doubled for UCS-2)". */
export function describeOverrun(o: Overrun, config: Config): string {
  const by = o.used - o.limit;
  if (o.unit === 'characters') return `${o.used} characters: ${by} over its limit of ${o.limit}`;
  const base = config.sms?.max_segments ?? 1;
  const why = o.encoding === 'UCS-2' ? `sms.max_segments ${base}, doubled for UCS-2` : `sms.max_segments ${base}`;
  return `${o.characters} characters, ${o.used} ${o.encoding} SMS segments: ${by} over its budget of ${o.limit} (${why})`;
}

/** The problems of a rendered statement over its budget, at `at` (its template, or the file written). */
export function budgetProblems(
  r: { statement: Statement; lang: string; stage: string; format: string; text: string },
  config: Config,
  at: { file: string; line?: number; col?: number },
  severity: Problem['severity'] = 'error',
): Problem[] {
  const label = `${r.statement.id} (${r.lang}, ${r.stage})`;
  return overruns(r.statement, visibleText(r), config).map((o) =>
    problem(
      'too-long',
      `${label} renders ${describeOverrun(o, config)}`,
      at,
      o.unit === 'segments'
        ? `shorten the template (org.short_name for the organisation)${o.encoding === 'UCS-2' ? '; a Latin-script language listed under sms.plain is sent without diacritics, in GSM-7' : ''}`
        : `shorten the template; the ${r.statement.channel} limit is ${o.limit}`,
      severity,
    ),
  );
}
