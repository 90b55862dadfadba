// Test renders: every statement at each of its stages, in every language, from the inputs'
// examples; held to channel limits and to the guidance (next update, help, clichés, same facts).
import { budgetProblems, visibleText } from './budget.js';
import { findPhrases, phrasesFor } from './guidance.js';
import {
  clockFor,
  coerceInput,
  type Config,
  isCustomerFacing,
  type ParseCache,
  type Playbook,
  type Severity,
  type Stage,
  type TemplateSet,
} from '../playbook/index.js';
import { problem, type Problem, warning } from '../problem/index.js';
import { createRenderer, type IncidentView, type Rendered, type SharedTemplates } from './render.js';
import { type SmsCount, smsSegments } from '../text/index.js';
import { parseDuration, promisedUpdate, toZonedIso } from '../time/index.js';

export type SmsReport = { playbook: string; statement: string; lang: string; stage: Stage; length: number } & SmsCount;
export type TestRenderReport = { problems: Problem[]; renders: Rendered[]; sms: SmsReport[] };

// A fixed clock: validate's output must not change with the time of day it runs. The preview of
// a playbook renders on it too, so it shows what validate checked (and the examples, written
// against that day, stay coherent).
export const TEST_NOW = new Date('2026-03-10T09:00:00Z');

/** Facts from the inputs' examples (`full`), or as an unanswered run would have them (`required`: only required examples, else defaults, else null). */
export function exampleFacts(pb: Playbook, config: Config, mode: 'full' | 'required'): Record<string, unknown> {
  const clock = clockFor(pb, TEST_NOW, config.timezone);
  const facts: Record<string, unknown> = {};
  for (const input of pb.inputs) {
    const raw = mode === 'full' || input.required ? (input.example ?? input.default) : input.default;
    const typed = raw === undefined ? undefined : coerceInput(input, raw, clock);
    facts[input.id] = typed?.ok ? typed.value : null;
  }
  return facts;
}

/** The incident a test render sees: the default severity unless one is given (preview's --severity). */
export function testIncident(pb: Playbook, config: Config, stage: Stage, severity: Severity = defaultSeverity(pb)): IncidentView {
  const cadence = parseDuration(severity.cadence) ?? 3_600_000;
  const started = new Date(TEST_NOW.getTime() - (stage === 'start' ? 0 : cadence));
  return {
    id: `example-${pb.id}`,
    title: pb.title,
    severity,
    stage,
    update_number: stage === 'start' ? 0 : 1,
    started_at: toZonedIso(started, config.timezone),
    now: toZonedIso(TEST_NOW, config.timezone),
    next_update_at: stage === 'resolve' ? null : toZonedIso(promisedUpdate(TEST_NOW, cadence, config.timezone), config.timezone),
    // An update as if every fact had changed: the longest it can get (budgets), and every sentence
    // it can say (the preview of a playbook).
    changed: stage === 'update' ? Object.fromEntries(pb.inputs.map((i) => [i.id, true])) : {},
    previous: {},
  };
}

const defaultSeverity = (pb: Playbook) => pb.severities.find((s) => s.id === pb.default_severity) ?? pb.severities[0]!;

// An optional fact printed where no block tests it is found on the AST (template-scope.ts),
// which sees every branch, instead of by a second render with the fact left out.
export function testRenders(
  pb: Playbook,
  config: Config,
  templates: TemplateSet,
  languages: readonly string[],
  opts: { parsed?: Map<string, hbs.AST.Program>; cache?: ParseCache; scopeChecked?: boolean; shared?: SharedTemplates } = {},
): TestRenderReport {
  const renderer = createRenderer(pb, config, templates, opts);
  const full = exampleFacts(pb, config, 'full');
  const report: TestRenderReport = { problems: [], renders: [], sms: [] };
  const seen = new Set<string>();
  const add = (p: Problem) => {
    const key = `${p.file}:${p.line}:${p.col}:${p.code}`;
    if (!seen.has(key)) (seen.add(key), report.problems.push(p));
  };

  const incidents = new Map<Stage, IncidentView>();
  for (const statement of pb.statements) {
    for (const stage of statement.stages) {
      let incident = incidents.get(stage);
      if (!incident) incidents.set(stage, (incident = testIncident(pb, config, stage)));
      const byLang: Rendered[] = [];
      for (const lang of languages) {
        if (!templates.statements[`${statement.id}.${lang}`]) continue; // reported as missing-template
        const result = renderer.render({ statement, lang, facts: full, incident });
        if (!result.ok) {
          const i = result.issue;
          add(problem(i.code, `${i.message} (stage ${stage})`, i, i.hint));
          continue;
        }
        const r = result.rendered;
        byLang.push(r);
        report.renders.push(r);
        if (r.statement.channel === 'sms') report.sms.push(smsReport(r, pb.id));
        for (const p of checkRendered(r, config, templates)) add(p);
      }
      for (const p of parityProblems(byLang, pb)) add(p);
    }
  }
  return report;
}

export { visibleText };

function smsReport(r: Rendered, playbook: string): SmsReport {
  const text = visibleText(r);
  return { playbook, statement: r.statement.id, lang: r.lang, stage: r.stage, length: [...text].length, ...smsSegments(text) };
}

/**
 * Validate's checks of one rendered statement: its length, and the guidance (next update, where
 * to get help, discouraged phrases). The preview shows these on the statement's frame.
 */
export function checkRendered(r: Rendered, config: Config, templates: TemplateSet): Problem[] {
  return [...budgetProblems(r, config, { file: r.file, line: 1, col: 1 }), ...guidanceProblems(r, config, templates)];
}

function guidanceProblems(r: Rendered, config: Config, templates: TemplateSet): Problem[] {
  const out: Problem[] = [];
  const at = { file: r.file, line: 1, col: 1 };
  const label = `${r.statement.id} (${r.lang}, ${r.stage})`;
  if (isCustomerFacing(r.statement) && r.stage !== 'resolve') {
    if (!r.reads.has('incident.next_update_at'))
      out.push(
        warning(
          'no-next-update',
          `${label} never says when the next update comes`,
          at,
          'print it: {{#if incident.next_update_at}}Next update: {{date incident.next_update_at "datetime"}}{{/if}}',
        ),
      );
    if (![...r.reads].some((k) => k.startsWith('org.support.') || k === 'org.status_url'))
      out.push(
        warning(
          'no-support-contact',
          `${label} never says where to get help`,
          at,
          'print {{org.status_url}}, {{org.support.url}}, {{org.support.email}} or {{org.support.phone}}',
        ),
      );
  }
  const template = templates.statements[`${r.statement.id}.${r.lang}`]?.text ?? '';
  for (const phrase of findPhrases(visibleText(r), phrasesFor(r.lang, config.discouraged_phrases))) {
    out.push(
      warning(
        'discouraged-phrase',
        `${label} says "${phrase}"`,
        { file: r.file, ...lineOf(template, phrase) },
        'say what happened and what you are doing instead; readers skip stock phrases',
      ),
    );
  }
  return out;
}

function lineOf(text: string, phrase: string): { line: number; col: number } {
  const lines = text.toLowerCase().split('\n');
  const i = lines.findIndex((l) => l.includes(phrase.toLowerCase()));
  return i < 0 ? { line: 1, col: 1 } : { line: i + 1, col: lines[i]!.indexOf(phrase.toLowerCase()) + 1 };
}

/** Every language of a statement must give the same facts: a translation must not drop one. */
export function parityProblems(byLang: Rendered[], pb: Playbook): Problem[] {
  const inputIds = new Set(pb.inputs.map((i) => i.id));
  const factsOf = (r: Rendered) =>
    new Set([...r.reads].filter((k) => inputIds.has(k) || k === 'incident.next_update_at' || k.startsWith('org.support.') || k === 'org.status_url'));
  const sets = byLang.map((r) => ({ r, facts: factsOf(r) }));
  const out: Problem[] = [];
  for (const { r, facts } of sets) {
    for (const other of sets) {
      const missing = [...other.facts].filter((f) => !facts.has(f));
      if (other.r === r || missing.length === 0) continue;
      out.push(
        warning(
          'translation-omits-fact',
          `${r.statement.id} (${r.lang}, ${r.stage}) leaves out ${missing.map((m) => `"${m}"`).join(', ')}, which ${other.r.lang} gives`,
          { file: r.file, line: 1, col: 1 },
          `every language must say the same thing; use ${missing.join(', ')} in ${r.lang} too`,
        ),
      );
      break; // one comparison a language is enough to point at the gap
    }
  }
  return out;
}
