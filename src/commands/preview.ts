// crisis preview <playbook|incident>: one self-contained HTML page with every statement by stage,
// channel and language, its meters and validate's warnings on it. For an incident, the statements
// actually issued (read back from statements/NN-stage/), the timeline against the cadence and
// what awaits sign-off.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative, resolve } from 'node:path';
import type { IncidentState, StageRecord, TimelineEvent } from '../incident/timeline.js';
import { clockFor } from '../playbook/inputs.js';
import { severityOf } from '../incident/lifecycle.js';
import { signOffOf } from '../incident/signoff.js';
import { STAGES, type Config, type ParseCache, type Playbook, type Statement, type TemplateSet } from '../playbook/model.js';
import { formatOf, isCustomerFacing, languagesOf } from '../playbook/playbook.js';
import { previewPage, type PreviewFact, type PreviewFrame, type PreviewInput, type PreviewRow, type PreviewStage } from '../preview/preview.js';
import { problem, type Problem } from '../problem/problem.js';
import { createRenderer, type IncidentView, type Rendered } from '../statement/render.js';
import { checkRendered, exampleFacts, parityProblems, TEST_NOW, testIncident } from '../statement/checks.js';
import { fail, ProblemsError } from '../shell/errors.js';
import { givenAnswers, pickLanguages, pickSeverity, typedFacts } from '../shell/facts.js';
import { writeFileAtomic } from '../shell/fs.js';
import { hashesIn, incidentDir, readIncident, TIMELINE } from '../shell/incident-store.js';
import { EXIT, type IO } from '../shell/io.js';
import { loadPlaybook, requireConfig } from '../shell/load.js';
import { projectOf, type CommonOptions } from '../shell/options.js';
import { displayPath } from '../shell/project.js';

type Options = CommonOptions & { open?: boolean; incidents?: string };

export async function run(io: IO, [ref]: string[], opts: Options): Promise<number> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const cache = project.cache;
  const incident = incidentFolderOf(io, ref!, opts);
  const input = incident
    ? incidentPreview(io, incident, config, opts, cache)
    : playbookPreview(io, ref!, config, opts, cache);
  const target = opts.out ? resolve(io.cwd, opts.out) : join(incident ?? io.cwd, 'preview.html');
  if (existsSync(target) && statSync(target).isDirectory()) fail('out-is-folder', `${displayPath(io.cwd, target)} is a folder`, 'give the page a file name, e.g. --out preview.html', 2);
  writeFileAtomic(target, previewPage(input));

  const problems = input.stages.flatMap((s) => s.rows.flatMap((r) => r.frames.flatMap((f) => f.problems)));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  // The page is the result, problems and all: validate is the check that fails a build.
  if (problems.length) io.stderr.write(`${[errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`].filter(Boolean).join(' and ')} shown on the statements they concern\n`);
  if (opts.open) openInBrowser(io, target);
  io.stdout.write(`${displayPath(io.cwd, target)}\n`);
  return EXIT.ok;
}

/**
 * `<incident>`: a folder with a timeline (by path), or a name under the incidents folder. For
 * preview, --out names the page, so names are looked up under ./incidents (or --incidents).
 */
function incidentFolderOf(io: IO, ref: string, opts: Options): string | undefined {
  if (existsSync(join(resolve(io.cwd, ref), TIMELINE))) return resolve(io.cwd, ref);
  const root = resolve(io.cwd, opts.incidents ?? 'incidents');
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(ref) && !ref.includes('..') && existsSync(join(root, ref, TIMELINE))) return join(root, ref);
  // Shaped like an incident's name (20260310-1000-supply-delay): say which incidents there are.
  if (/^\d{8}-\d{4}-/.test(ref) || ref.includes('/')) return incidentDir(ref, root, io.cwd);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// A playbook: every stage each statement has, rendered from the examples on validate's clock.

function playbookPreview(io: IO, id: string, config: Config, opts: Options, cache?: ParseCache): PreviewInput {
  const { loaded, templates } = loadPlaybook(id, projectOf(io, opts), config);
  const pb = loaded.playbook;
  const languages = pickLanguages(languagesOf(pb, config), opts.lang);
  const severity = pickSeverity(pb, opts.severity, pb.default_severity);
  const examples = exampleFacts(pb, config, 'full');
  const { facts, given } = typedFacts(pb, givenAnswers(io, opts), clockFor(pb, TEST_NOW, config.timezone), { final: false, base: examples });
  const renderer = createRenderer(pb, config, templates, cache ? { cache } : {});
  const stages: PreviewStage[] = [];
  for (const stage of STAGES) {
    const statements = pb.statements.filter((s) => s.stages.includes(stage));
    if (!statements.length) continue;
    const view = testIncident(pb, config, stage, severity);
    const rows = statements.map((statement) => {
      const results = languages.map((lang) => ({ lang, result: renderer.render({ statement, lang, facts, incident: view }) }));
      return rowOf(pb, config, statement, results.map(({ lang, result }) => (result.ok ? { lang, rendered: result.rendered } : { lang, problems: [problem(result.issue.code, result.issue.message, result.issue, result.issue.hint)] })), templates);
    });
    stages.push({ key: stage, stage, updateNumber: view.update_number, at: view.now, severity, nextUpdateAt: view.next_update_at, rows });
  }
  const factList: PreviewFact[] = pb.inputs.map((i) => ({
    id: i.id, prompt: i.prompt, value: facts[i.id] ?? null,
    source: given.has(i.id) ? 'given' : i.example !== undefined ? 'example' : i.default !== undefined ? 'default' : 'none',
  }));
  return { kind: 'playbook', playbook: pb, config, languages, timeZone: config.timezone, now: TEST_NOW, stages, facts: factList };
}

type Render = { lang: string; rendered: Rendered; issued?: undefined; problems?: undefined }
  | { lang: string; problems: Problem[]; rendered?: undefined; notes?: string[]; text?: string }
  // Issued text the current templates no longer give: only the checks of the text itself apply.
  | { lang: string; rendered: Rendered; issued: true; notes: string[] };

/** One statement's frames: each language's render with validate's checks, and the translation check across them. */
function rowOf(pb: Playbook, config: Config, statement: Statement, renders: Render[], templates: TemplateSet): PreviewRow {
  const checked = renders.filter((r) => r.rendered && !r.issued).map((r) => r.rendered!);
  const parity = parityProblems(checked, pb);
  const frames: PreviewFrame[] = renders.map((r): PreviewFrame => {
    if (!r.rendered) return { lang: r.lang, problems: r.problems, ...('text' in r && r.text !== undefined ? { text: r.text } : {}), ...('notes' in r && r.notes ? { notes: r.notes } : {}) };
    const own = checkRendered(r.rendered, config, templates);
    if (r.issued) return { lang: r.lang, text: r.rendered.text, problems: own.filter((p) => !TEMPLATE_CHECKS.has(p.code)), notes: r.notes };
    return { lang: r.lang, text: r.rendered.text, problems: [...own, ...parity.filter((p) => p.file === r.rendered!.file)] };
  });
  const person = config.roster[statement.owner]?.name;
  return { statement, ...(person ? { person } : {}), frames };
}

/** Checks that need to know what the template reads, not only what it printed. */
const TEMPLATE_CHECKS = new Set(['no-next-update', 'no-support-contact', 'translation-omits-fact']);

// ---------------------------------------------------------------------------------------------
// An incident: the statements as issued, each stage re-rendered from the facts of its time so the
// checks know what each template read; where the issued text differs, only its text is checked.

type StageContext = { facts: Record<string, unknown>; nextUpdate: string | null; updateNumber: number; dueBy: string | null };

function incidentPreview(io: IO, dir: string, config: Config, opts: Options, cache?: ParseCache): PreviewInput {
  const read = readIncident(dir);
  if (!read.state) throw new ProblemsError(read.problems);
  const { state, events } = read as { state: IncidentState; events: TimelineEvent[] };
  const hashOf = hashesIn(dir);
  for (const p of read.problems) io.stderr.write(`${displayPath(io.cwd, p.file)}:${p.line}: ${p.severity}: ${p.message}\n`);
  const { templates, loaded } = loadPlaybook(state.playbook, projectOf(io, opts), config);
  const pb = loaded.playbook;
  // Times and renders in the zone the incident was run in.
  const zoned: Config = { ...config, timezone: state.timezone };
  const renderer = createRenderer(pb, zoned, templates, cache ? { cache } : {});
  const contexts = stageContexts(events);
  const languages = opts.lang ? pickLanguages(state.languages, opts.lang) : state.languages;
  const stages = state.stages.map((rec): PreviewStage => {
    const ctx = contexts.get(rec.folder) ?? { facts: state.answers, nextUpdate: null, updateNumber: state.update_number, dueBy: null };
    const severity = severityOf(pb, rec.severity) ?? { id: rec.severity, label: rec.severity, cadence: '' };
    const view: IncidentView = {
      id: state.id, title: state.title, severity, stage: rec.stage, update_number: ctx.updateNumber,
      started_at: state.started_at, now: rec.at, next_update_at: ctx.nextUpdate,
    };
    const ids = [...new Set(rec.statements.map((s) => s.statement))];
    const rows = ids.map((id) => {
      const statement = pb.statements.find((s) => s.id === id) ?? removedStatement(id, rec);
      const renders = languages.map((lang) => issuedRender(io, dir, rec, statement, lang, renderer.render, ctx.facts, view));
      const row = rowOf(pb, zoned, statement, renders, templates);
      // A sign-off holds only for the files it saw: an edited statement awaits it again.
      const approval = signOffOf(state, rec, id, hashOf).approval;
      return { ...row, approval };
    });
    const customerFacing = ids.some((id) => {
      const s = pb.statements.find((st) => st.id === id);
      return s ? isCustomerFacing(s) : false;
    });
    return { key: rec.folder, stage: rec.stage, updateNumber: ctx.updateNumber, at: rec.at, severity, nextUpdateAt: ctx.nextUpdate, dueBy: ctx.dueBy, customerFacing, rows };
  });
  const severity = severityOf(pb, state.severity) ?? stages.at(-1)!.severity;
  return {
    kind: 'incident', playbook: pb, config: zoned, languages, timeZone: state.timezone, now: io.now(), stages,
    incident: { id: state.id, title: state.title, severity, stage: state.stage, startedAt: state.started_at, nextUpdateAt: state.next_update_at, resolvedAt: state.resolved_at },
  };
}

/** The facts, promised next update and update number each stage was rendered with, as the timeline recorded them. */
function stageContexts(events: readonly TimelineEvent[]): Map<string, StageContext> {
  const out = new Map<string, StageContext>();
  let facts: Record<string, unknown> = {};
  let next: string | null = null;
  let updates = 0;
  for (const e of events) {
    if (e.type === 'started' && out.size === 0) {
      facts = e.answers;
      out.set(e.folder, { facts, nextUpdate: e.next_update_at, updateNumber: 0, dueBy: null });
      next = e.next_update_at;
    } else if (e.type === 'updated' && out.size) {
      facts = { ...facts, ...e.changes };
      out.set(e.folder, { facts, nextUpdate: e.next_update_at, updateNumber: ++updates, dueBy: next });
      next = e.next_update_at;
    } else if (e.type === 'resolved' && out.size) {
      facts = { ...facts, ...e.changes };
      out.set(e.folder, { facts, nextUpdate: null, updateNumber: updates, dueBy: next });
      next = null;
    }
  }
  return out;
}

/** A statement the playbook no longer has: shown as issued, with what its file says of it. */
function removedStatement(id: string, rec: StageRecord): Statement {
  const ext = rec.statements.find((s) => s.statement === id)?.path.split('.').pop();
  return { id, channel: 'internal', audience: 'unknown', owner: 'unknown', stages: [rec.stage], format: ext === 'html' ? 'html' : ext === 'md' ? 'markdown' : 'text' };
}

function issuedRender(io: IO, dir: string, rec: StageRecord, statement: Statement, lang: string, render: ReturnType<typeof createRenderer>['render'], facts: Record<string, unknown>, incident: IncidentView): Render {
  const file = rec.statements.find((s) => s.statement === statement.id && s.lang === lang);
  if (!file) return { lang, problems: [], notes: [`not issued in ${lang} at this stage`] };
  const path = resolve(dir, file.path);
  const shown = displayPath(io.cwd, path);
  if (!existsSync(path)) return { lang, problems: [problem('statement-missing', `${file.path} is listed in the timeline but missing`, { file: shown }, 'restore it from version control or a backup')] };
  // Read only plain files inside the folder: a link (to the file or a folder on its way) is refused.
  const rel = relative(realpathSync(dir), realpathSync(path));
  if (rel.startsWith('..') || isAbsolute(rel) || rel !== relative(dir, path) || lstatSync(path).isSymbolicLink() || !statSync(path).isFile())
    return { lang, problems: [problem('symlink-refused', `${file.path} is not a plain file inside the incident folder`, { file: shown }, 'an incident folder holds plain files only; restore the statement file')] };
  const text = readFileSync(path, 'utf8').replace(/\n$/, '');
  const again = render({ statement, lang, facts, incident });
  if (again.ok && again.rendered.text === text) return { lang, rendered: again.rendered };
  const base: Rendered = again.ok ? again.rendered : { statement, lang, stage: rec.stage, format: formatOf(statement), file: shown, text, reads: new Set() };
  return {
    lang, issued: true, rendered: { ...base, text, file: shown },
    notes: ['The current templates no longer give this text (they changed since it was issued): only its length and wording are checked.'],
  };
}

// ---------------------------------------------------------------------------------------------
// --open: the system's browser when there is one; otherwise say so and carry on.

function openInBrowser(io: IO, file: string): void {
  const platform = process.platform;
  const [cmd, args] = platform === 'darwin' ? ['open', [file]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', file]] : ['xdg-open', [file]];
  const graphical = platform !== 'linux' || Boolean(io.env.DISPLAY || io.env.WAYLAND_DISPLAY);
  if (!graphical || !onPath(cmd, io.env.PATH)) {
    io.stderr.write(`crisis: no browser to open it with here${graphical ? ` (${cmd} not found)` : ' (no display)'}; open ${displayPath(io.cwd, file)} yourself\n`);
    return;
  }
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: platform === 'win32' });
    child.on('error', () => io.stderr.write(`crisis: could not start ${cmd}; open ${displayPath(io.cwd, file)} yourself\n`));
    child.unref();
  } catch {
    io.stderr.write(`crisis: could not start ${cmd}; open ${displayPath(io.cwd, file)} yourself\n`);
  }
}

function onPath(cmd: string, path = ''): boolean {
  if (process.platform === 'win32') return true; // cmd.exe is always there
  return path.split(delimiter).some((d) => d && existsSync(join(d, cmd)));
}
