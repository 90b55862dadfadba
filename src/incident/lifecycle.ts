// Pure plans for start, update and resolve: what to render, which event to append, which files
// to write. The shell carries a plan out (atomically, under the incident's lock).
import { createHash } from 'node:crypto';
import { parseDuration, promisedUpdate, toZonedIso, wallClock } from '../time/index.js';
import { nextStageNumber, stageFolder, type IncidentState, type ResolvedEvent, type StartedEvent, type StatementFile, type UpdatedEvent } from './timeline.js';
import { type Config, EXTENSION, isCustomerFacing, type ParseCache, type Playbook, type Severity, type Stage, type TemplateSet } from '../playbook/index.js';
import { problem, type Problem } from '../problem/index.js';
import { budgetProblems, createRenderer, type Rendered } from '../statement/index.js';

export type FileWrite = { path: string; content: string };
/** `over`: statements over their channel budget (written all the same: a crisis does not wait on a word count; the responder is told). */
export type StagePlan = { folder: string; files: FileWrite[]; statements: StatementFile[]; rendered: Rendered[]; over: Problem[] };
export type Planned<E> = { ok: true; event: E; stage: StagePlan } | { ok: false; problems: Problem[] };

/** What a plan renders from; `cache` keeps compiled templates between runs (see render.ts). */
export type Project = { playbook: Playbook; config: Config; templates: TemplateSet; cache?: ParseCache };

/** `20261123-1430-supply-delay`, in the configured zone's wall time. */
export function incidentId(now: Date, timeZone: string, playbook: string): string {
  const w = wallClock(now, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}${p(w.month)}${p(w.day)}-${p(w.hour)}${p(w.minute)}-${playbook}`;
}

/** Identifies the playbook and templates an incident was run with, so a later change shows. */
export function contentHash(playbookText: string, templates: TemplateSet): string {
  const h = createHash('sha256').update(playbookText);
  for (const [key, t] of Object.entries({ ...templates.statements, ...templates.partials }).sort(([a], [b]) => a.localeCompare(b)))
    h.update(`\0${key}\0${t.text}`);
  return `sha256:${h.digest('hex')}`;
}

export function severityOf(pb: Playbook, id: string): Severity | undefined {
  return pb.severities.find((s) => s.id === id);
}

/** next_update_at = time of these customer-facing statements + the severity's cadence, brought forward out of the night (quiet-hours.ts). */
export function nextUpdateAt(now: Date, severity: Severity, timeZone: string): string {
  return toZonedIso(promisedUpdate(now, parseDuration(severity.cadence) ?? 0, timeZone), timeZone);
}

type StageInput = Project & {
  id: string;
  title: string;
  severity: Severity;
  languages: readonly string[];
  facts: Record<string, unknown>;
  stage: Stage;
  number: number;
  updateNumber: number;
  startedAt: string;
  now: Date;
  nextUpdate: string | null;
  /** The facts as the last stage had them: what this one changed is told apart from what it repeats. */
  previous?: Record<string, unknown>;
};

/** The facts whose value differs from the previous stage's, as `incident.changed`. */
export function changedFacts(previous: Record<string, unknown>, facts: Record<string, unknown>): Record<string, boolean> {
  const keys = new Set([...Object.keys(previous), ...Object.keys(facts)]);
  return Object.fromEntries([...keys].filter((k) => JSON.stringify(previous[k] ?? null) !== JSON.stringify(facts[k] ?? null)).map((k) => [k, true]));
}

/** Renders every statement of a stage in every language; all or nothing. */
export function renderStage(input: StageInput): { ok: true; stage: StagePlan } | { ok: false; problems: Problem[] } {
  const { playbook: pb, config } = input;
  const renderer = createRenderer(pb, config, input.templates, input.cache ? { cache: input.cache } : {});
  const folder = stageFolder(input.number, input.stage);
  const incident = {
    id: input.id,
    title: input.title,
    severity: input.severity,
    stage: input.stage,
    update_number: input.updateNumber,
    started_at: input.startedAt,
    now: toZonedIso(input.now, config.timezone),
    next_update_at: input.nextUpdate,
    changed: input.previous ? changedFacts(input.previous, input.facts) : {},
    previous: input.previous ?? {},
  };
  const stage: StagePlan = { folder, files: [], statements: [], rendered: [], over: [] };
  const problems: Problem[] = [];
  for (const statement of pb.statements.filter((s) => s.stages.includes(input.stage))) {
    for (const lang of input.languages) {
      const result = renderer.render({ statement, lang, facts: input.facts, incident });
      if (!result.ok) {
        problems.push(result.issue);
        continue;
      }
      const path = `statements/${folder}/${statement.id}.${lang}.${EXTENSION[result.rendered.format]}`;
      stage.files.push({ path, content: `${result.rendered.text}\n` });
      stage.statements.push({ statement: statement.id, lang, path });
      stage.rendered.push(result.rendered);
      stage.over.push(...budgetProblems(result.rendered, config, { file: path }, 'warning'));
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, stage };
}

/** Does this stage tell customers something (and so restart the cadence clock)? */
const tellsCustomers = (pb: Playbook, stage: Stage) => pb.statements.some((s) => s.stages.includes(stage) && isCustomerFacing(s));

export function planStart(
  p: Project & { id: string; hash: string; severity: Severity; languages: string[]; facts: Record<string, unknown>; now: Date },
): Planned<StartedEvent> {
  const tz = p.config.timezone;
  const at = toZonedIso(p.now, tz);
  const next = nextUpdateAt(p.now, p.severity, tz);
  const r = renderStage({ ...p, title: p.playbook.title, stage: 'start', number: 1, updateNumber: 0, startedAt: at, nextUpdate: next });
  if (!r.ok) return r;
  return {
    ok: true,
    stage: r.stage,
    event: {
      at,
      type: 'started',
      incident: p.id,
      playbook: p.playbook.id,
      playbook_hash: p.hash,
      title: p.playbook.title,
      severity: p.severity.id,
      languages: p.languages,
      timezone: tz,
      answers: p.facts,
      folder: r.stage.folder,
      statements: r.stage.statements,
      next_update_at: next,
    },
  };
}

export function planUpdate(
  p: Project & { state: IncidentState; changes: Record<string, unknown>; severity: Severity; now: Date; folders?: readonly string[] },
): Planned<UpdatedEvent> {
  const { state } = p;
  if (state.resolved_at)
    return {
      ok: false,
      problems: [problem('incident-resolved', `incident ${state.id} is resolved`, { file: 'incident.yaml' }, 'start a new incident if the crisis is back')],
    };
  const tz = state.timezone;
  const number = nextStageNumber(state, p.folders);
  const next = tellsCustomers(p.playbook, 'update') ? nextUpdateAt(p.now, p.severity, tz) : state.next_update_at;
  const r = renderStage({
    ...p,
    id: state.id,
    title: state.title,
    languages: state.languages,
    facts: { ...state.answers, ...p.changes },
    previous: state.answers,
    stage: 'update',
    number,
    updateNumber: state.update_number + 1,
    startedAt: state.started_at,
    nextUpdate: next,
  });
  if (!r.ok) return r;
  return {
    ok: true,
    stage: r.stage,
    event: {
      at: toZonedIso(p.now, tz),
      type: 'updated',
      number,
      folder: r.stage.folder,
      changes: p.changes,
      severity: p.severity.id,
      statements: r.stage.statements,
      next_update_at: next,
    },
  };
}

export function planResolve(
  p: Project & { state: IncidentState; changes: Record<string, unknown>; now: Date; folders?: readonly string[] },
): Planned<ResolvedEvent> {
  const { state } = p;
  if (state.resolved_at)
    return {
      ok: false,
      problems: [problem('incident-resolved', `incident ${state.id} is already resolved`, { file: 'incident.yaml' }, 'its review is review.md')],
    };
  const severity = severityOf(p.playbook, state.severity) ?? p.playbook.severities[0]!;
  const number = nextStageNumber(state, p.folders);
  const r = renderStage({
    ...p,
    id: state.id,
    title: state.title,
    severity,
    languages: state.languages,
    facts: { ...state.answers, ...p.changes },
    previous: state.answers,
    stage: 'resolve',
    number,
    updateNumber: state.update_number,
    startedAt: state.started_at,
    nextUpdate: null,
  });
  if (!r.ok) return r;
  const open = p.playbook.steps.filter((s) => !state.steps[s.id] && s.phase !== 'resolve' && s.phase !== 'review').map((s) => s.id);
  return {
    ok: true,
    stage: r.stage,
    event: {
      at: toZonedIso(p.now, state.timezone),
      type: 'resolved',
      number,
      folder: r.stage.folder,
      changes: p.changes,
      statements: r.stage.statements,
      open_steps: open,
    },
  };
}
