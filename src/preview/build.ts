// The preview's data, from what the shell loaded: a playbook rendered from its examples on
// validate's clock, or an incident's statements as issued. Pure: files are read by the caller
// (`readIssued`), so this folds a timeline and renders, nothing else.
import { changedFacts, type IncidentState, severityOf, signOffOf, stageContexts, type StageRecord, type TimelineEvent } from '../incident/index.js';
import { type Config, formatOf, isCustomerFacing, type Playbook, type Severity, STAGES, type Statement, type TemplateSet } from '../playbook/index.js';
import type { Problem } from '../problem/index.js';
import { checkRendered, type createRenderer, type IncidentView, parityProblems, type Rendered, TEST_NOW, testIncident } from '../statement/index.js';
import type { PreviewFact, PreviewFrame, PreviewInput, PreviewRow, PreviewStage } from './model.js';

type Renderer = ReturnType<typeof createRenderer>;

type Render =
  | { lang: string; rendered: Rendered; issued?: undefined; problems?: undefined }
  | { lang: string; problems: Problem[]; rendered?: undefined; notes?: string[] }
  // Issued text the current templates no longer give: only the checks of the text itself apply.
  | { lang: string; rendered: Rendered; issued: true; notes: string[] };

/** Checks that need to know what the template reads, not only what it printed. */
const TEMPLATE_CHECKS = new Set(['no-next-update', 'no-support-contact', 'translation-omits-fact']);

/** One statement's frames: each language's render with validate's checks, and the translation check across them. */
function rowOf(pb: Playbook, config: Config, statement: Statement, renders: Render[], templates: TemplateSet): PreviewRow {
  const parity = parityProblems(
    renders.filter((r) => r.rendered && !r.issued).map((r) => r.rendered!),
    pb,
  );
  const frames = renders.map((r): PreviewFrame => {
    if (!r.rendered) return { lang: r.lang, problems: r.problems, ...(r.notes ? { notes: r.notes } : {}) };
    const own = checkRendered(r.rendered, config, templates);
    if (r.issued) return { lang: r.lang, text: r.rendered.text, problems: own.filter((p) => !TEMPLATE_CHECKS.has(p.code)), notes: r.notes };
    return { lang: r.lang, text: r.rendered.text, problems: [...own, ...parity.filter((p) => p.file === r.rendered!.file)] };
  });
  const person = config.roster[statement.owner]?.name;
  return { statement, ...(person ? { person } : {}), frames };
}

// ---------------------------------------------------------------------------------------------
// A playbook: every stage each statement has, rendered from the facts on validate's clock.

export type PlaybookPreviewArgs = {
  playbook: Playbook;
  config: Config;
  templates: TemplateSet;
  renderer: Renderer;
  languages: string[];
  severity: Severity;
  facts: Record<string, unknown>;
  given: ReadonlySet<string>;
};

export function playbookPreview(a: PlaybookPreviewArgs): PreviewInput {
  const { playbook: pb, config, languages, severity, facts } = a;
  const stages: PreviewStage[] = [];
  for (const stage of STAGES) {
    const statements = pb.statements.filter((s) => s.stages.includes(stage));
    if (!statements.length) continue;
    const view = testIncident(pb, config, stage, severity);
    const rows = statements.map((statement) =>
      rowOf(
        pb,
        config,
        statement,
        languages.map((lang): Render => {
          const result = a.renderer.render({ statement, lang, facts, incident: view });
          return result.ok ? { lang, rendered: result.rendered } : { lang, problems: [result.issue] };
        }),
        a.templates,
      ),
    );
    stages.push({ key: stage, stage, updateNumber: view.update_number, at: view.now, severity, nextUpdateAt: view.next_update_at, rows });
  }
  const factList: PreviewFact[] = pb.inputs.map((i) => ({
    id: i.id,
    prompt: i.prompt,
    value: facts[i.id] ?? null,
    source: a.given.has(i.id) ? 'given' : i.example !== undefined ? 'example' : i.default !== undefined ? 'default' : 'none',
  }));
  return { kind: 'playbook', playbook: pb, config, languages, timeZone: config.timezone, now: TEST_NOW, stages, facts: factList };
}

// ---------------------------------------------------------------------------------------------
// An incident: the statements as issued, each stage re-rendered from the facts of its time so the
// checks know what each template read; where the issued text differs, only its text is checked.

/** A statement file as the shell read it: its text, or why it could not be. */
export type IssuedFile = { text: string; shown: string } | { problem: Problem };

/**
 * The latest stages an incident's page shows in full; older ones are folded to a line each (a link
 * to their folder), and `crisis preview --stages <n|all>` shows more. Three: what is said now and
 * the two messages before it, which is what a reader compares; each stage in full costs a tenth of
 * the floor or more (its statements read, rendered again to be checked, and laid out).
 */
export const FULL_STAGES = 3;

export type IncidentPreviewArgs = {
  state: IncidentState;
  events: readonly TimelineEvent[];
  playbook: Playbook;
  config: Config;
  templates: TemplateSet;
  renderer: Renderer;
  languages: string[];
  now: Date;
  /** The file of a stage's statement (a path relative to the incident folder). */
  readIssued: (path: string) => IssuedFile;
  /** The hash of a file now, for sign-offs (undefined when it is gone). */
  hashOf: (path: string) => string | undefined;
  /** How many of the latest stages to show in full (FULL_STAGES unless asked; Infinity for all). */
  fullStages?: number;
  /** Where the incident's statements/ folder is from the page (a relative URL ending in /), for the folded stages' links. */
  statementsHref?: string;
};

export function incidentPreview(a: IncidentPreviewArgs): PreviewInput {
  const { state, playbook: pb, config } = a;
  const contexts = stageContexts(a.events);
  const firstFull = Math.max(0, state.stages.length - (a.fullStages ?? FULL_STAGES));
  const stages = state.stages.map((rec, index): PreviewStage => {
    const ctx = contexts.get(rec.folder) ?? { facts: state.answers, nextUpdate: null, updateNumber: state.update_number, dueBy: null };
    const severity = severityOf(pb, rec.severity) ?? { id: rec.severity, label: rec.severity, cadence: '' };
    const before = index > 0 ? contexts.get(state.stages[index - 1]!.folder)?.facts : undefined;
    const view: IncidentView = {
      id: state.id,
      title: state.title,
      severity,
      stage: rec.stage,
      update_number: ctx.updateNumber,
      started_at: state.started_at,
      now: rec.at,
      next_update_at: ctx.nextUpdate,
      // What the stage changed against the one before it, as it was rendered when issued.
      changed: before ? changedFacts(before, ctx.facts) : {},
      previous: before ?? {},
    };
    const ids = [...new Set(rec.statements.map((s) => s.statement))];
    const customerFacing = ids.some((id) => {
      const s = pb.statements.find((st) => st.id === id);
      return s ? isCustomerFacing(s) : false;
    });
    const base = {
      key: rec.folder,
      stage: rec.stage,
      updateNumber: ctx.updateNumber,
      at: rec.at,
      severity,
      nextUpdateAt: ctx.nextUpdate,
      dueBy: ctx.dueBy,
      customerFacing,
    };
    // Nothing of a folded stage is read or rendered again: that is what keeps a 500-update page fast.
    if (index < firstFull) return { ...base, rows: [], folded: { statements: ids.length, files: rec.statements.length } };
    const rows = ids.map((id) => {
      const statement = pb.statements.find((s) => s.id === id) ?? removedStatement(id, rec);
      const renders = a.languages.map((lang) => issuedRender(a, rec, statement, lang, ctx.facts, view));
      // A sign-off holds only for the files it saw: an edited statement awaits it again.
      return { ...rowOf(pb, config, statement, renders, a.templates), approval: signOffOf(state, rec, id, a.hashOf).approval };
    });
    return { ...base, rows };
  });
  const severity = severityOf(pb, state.severity) ?? stages.at(-1)!.severity;
  return {
    kind: 'incident',
    playbook: pb,
    config,
    languages: a.languages,
    timeZone: state.timezone,
    now: a.now,
    stages,
    incident: {
      id: state.id,
      title: state.title,
      severity,
      stage: state.stage,
      startedAt: state.started_at,
      nextUpdateAt: state.next_update_at,
      resolvedAt: state.resolved_at,
      ...(a.statementsHref !== undefined ? { statementsHref: a.statementsHref } : {}),
      deliveries: {
        sent: Object.values(state.deliveries).filter((d) => d.state === 'sent').length,
        unknown: Object.values(state.deliveries).filter((d) => d.state === 'unknown'),
        failed: Object.values(state.deliveries).filter((d) => d.state === 'failed'),
      },
    },
  };
}

/** A statement the playbook no longer has: shown as issued, with what its file says of it. */
function removedStatement(id: string, rec: StageRecord): Statement {
  const ext = rec.statements
    .find((s) => s.statement === id)
    ?.path.split('.')
    .pop();
  return {
    id,
    channel: 'internal',
    audience: 'unknown',
    owner: 'unknown',
    stages: [rec.stage],
    format: ext === 'html' ? 'html' : ext === 'md' ? 'markdown' : 'text',
  };
}

function issuedRender(
  a: IncidentPreviewArgs,
  rec: StageRecord,
  statement: Statement,
  lang: string,
  facts: Record<string, unknown>,
  incident: IncidentView,
): Render {
  const file = rec.statements.find((s) => s.statement === statement.id && s.lang === lang);
  if (!file) return { lang, problems: [], notes: [`not issued in ${lang} at this stage`] };
  const read = a.readIssued(file.path);
  if ('problem' in read) return { lang, problems: [read.problem] };
  const text = read.text.replace(/\n$/, '');
  const again = a.renderer.render({ statement, lang, facts, incident });
  if (again.ok && again.rendered.text === text) return { lang, rendered: again.rendered };
  const base: Rendered = again.ok
    ? again.rendered
    : { statement, lang, stage: rec.stage, format: formatOf(statement), file: read.shown, text, reads: new Set() };
  return {
    lang,
    issued: true,
    rendered: { ...base, text, file: read.shown },
    notes: ['The current templates no longer give this text (they changed since it was issued): only its length and wording are checked.'],
  };
}
