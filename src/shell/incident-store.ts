// Incident folders on disk. Every write is all or nothing: files go to a temp name and are
// renamed; a stage folder is built aside and renamed into place before its timeline event is
// appended; the whole of a new incident appears at once. Writes happen under the incident's lock.
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  constants as fsConstants,
  type Dirent,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
// From their modules, not the barrel: status and the other readers load no renderer.
import type { FileWrite, StagePlan } from '../incident/lifecycle.js';
import { type IncidentState, nextEventId, parseTimeline, replay, type TimelineEvent } from '../incident/timeline.js';
import { CHECKLIST, RECORD, recordText } from '../incident/views.js';
import { didYouMean, problem, type Problem } from '../problem/index.js';
import { fail, ProblemsError } from './errors.js';
import { displayPath } from './project.js';
import { appendAllOrNothing, writeFileAtomic, writeFileInNewFolder } from './fs.js';
import { alive, LockTimeout, withLock } from './lock.js';
import type { IO } from './io.js';
import { lockTimeoutMs } from './options.js';
import { printProblems } from './problems.js';

export const TIMELINE = 'timeline.jsonl';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A name an incident folder can have under --out (never a path, never climbing out). */
export const isIncidentName = (ref: string) => NAME.test(ref) && !ref.includes('..');

/** `folders`: the stage folders in statements/, as found on disk (the timeline may not list them all). */
export type Incident = { dir: string; events: TimelineEvent[]; state: IncidentState; problems: Problem[]; folders: string[] };

/** `<incident>`: a folder's path, or its name under --out. Names never climb out of --out. */
export function incidentDir(ref: string, outRoot: string, cwd: string): string {
  const byPath = resolve(cwd, ref);
  if ((ref.includes('/') || ref.includes(sep)) && existsSync(join(byPath, TIMELINE))) return byPath;
  if (!isIncidentName(ref))
    fail('bad-incident', `"${ref}" is not an incident`, 'give the folder name under --out (crisis status lists them) or the folder path', 2);
  const dir = join(outRoot, ref);
  if (!existsSync(join(dir, TIMELINE))) {
    const known = listIncidentDirs(outRoot).map((d) => relative(outRoot, d));
    fail(
      'unknown-incident',
      `no incident "${ref}" in ${displayPath(cwd, outRoot)}`,
      didYouMean(ref, known, known.length ? `incidents: ${known.slice(-5).join(', ')}` : 'crisis start <playbook> creates one'),
    );
  }
  return dir;
}

/** The incident folders under --out, sorted; `checked: false` leaves out the check that each has a timeline (status makes its own). */
export function listIncidentDirs(outRoot: string, checked = true): string[] {
  if (!existsSync(outRoot) || !statSync(outRoot).isDirectory()) return [];
  // Names sorted, then put after the root normalised once: the same order as the paths, without
  // a join per folder (each normalises the whole path again; status lists 10,000).
  const normalised = join(outRoot, '.');
  const base = normalised.endsWith(sep) ? normalised.slice(0, -1) : normalised;
  const dirs = readdirSync(outRoot)
    .filter((n) => NAME.test(n))
    .sort()
    .map((n) => `${base}${sep}${n}`);
  return checked ? dirs.filter((d) => existsSync(join(d, TIMELINE))) : dirs;
}

export function readIncident(dir: string): Omit<Incident, 'folders'> | { dir: string; problems: Problem[]; state?: undefined } {
  const file = join(dir, TIMELINE);
  let text: string;
  try {
    text = safeRead(file);
  } catch (err) {
    // One unreadable incident (a link, a folder where the file should be) must not stop `status` listing the others.
    const why = err instanceof ProblemsError ? 'it is a symbolic link' : ((err as NodeJS.ErrnoException).code ?? (err as Error).message);
    return {
      dir,
      problems: [
        {
          file,
          line: 1,
          col: 1,
          code: 'timeline-unreadable',
          severity: 'error',
          message: `timeline not read: ${why}`,
          hint: 'an incident folder holds plain files; restore timeline.jsonl',
        },
      ],
    };
  }
  const { events, problems } = parseTimeline(file, text);
  const state = replay(events);
  if (!state)
    return {
      dir,
      problems: [
        ...problems,
        {
          file,
          line: 1,
          col: 1,
          code: 'timeline-no-start',
          severity: 'error',
          message: 'the timeline has no start event',
          hint: 'this folder is not a complete incident',
        },
      ],
    };
  return { dir, events, state, problems };
}

// Opened without following a link, where the system has the flag: the open itself refuses one,
// so a read is one open (status reads 10,000 timelines) instead of an lstat and then the open.
const NOFOLLOW = fsConstants.O_NOFOLLOW;

function safeRead(file: string): string;
function safeRead(file: string, encoding: null): Buffer;
function safeRead(file: string, encoding: 'utf8' | null = 'utf8'): string | Buffer {
  if (NOFOLLOW === undefined) {
    assertNoLink(file);
    return encoding ? readFileSync(file, encoding) : readFileSync(file);
  }
  let fd: number;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | NOFOLLOW);
  } catch (err) {
    // ELOOP is also a loop of links on the way: only a link at the end is refused as one.
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') assertNoLink(file);
    throw err;
  }
  try {
    return encoding ? readFileSync(fd, encoding) : readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Refuses a path inside the incident that is a symlink, so nothing is read or written outside it. */
function assertNoLink(path: string): void {
  try {
    if (lstatSync(path).isSymbolicLink())
      fail('symlink-refused', `${path} is a symbolic link`, 'an incident folder holds plain files only; replace the link with the file');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function assertInside(dir: string, target: string): void {
  const real = realpathSync(dir);
  let probe = target;
  while (!existsSync(probe)) probe = dirname(probe);
  const rel = relative(real, realpathSync(probe));
  if (rel.startsWith('..') || isAbsolute(rel))
    fail('path-escapes', `${target} is outside the incident folder`, 'an incident folder must not contain links to other places');
  assertNoLink(target);
}

/** A statement file of the incident (`rel` from its timeline), read only when it is a plain file inside the folder. */
export function readStatementFile(dir: string, rel: string, cwd: string): { text: string; shown: string } | { problem: Problem } {
  const path = resolve(dir, rel);
  const shown = displayPath(cwd, path);
  if (!existsSync(path))
    return {
      problem: problem('statement-missing', `${rel} is listed in the timeline but missing`, { file: shown }, 'restore it from version control or a backup'),
    };
  // A link (to the file or a folder on its way) is refused.
  const inside = relative(realpathSync(dir), realpathSync(path));
  if (inside.startsWith('..') || isAbsolute(inside) || inside !== relative(dir, path) || lstatSync(path).isSymbolicLink() || !statSync(path).isFile())
    return {
      problem: problem(
        'symlink-refused',
        `${rel} is not a plain file inside the incident folder`,
        { file: shown },
        'an incident folder holds plain files only; restore the statement file',
      ),
    };
  return { text: readFileSync(path, 'utf8'), shown };
}

/**
 * Which stage folders a command's link check lists: `all`, or only the `latest` for the commands
 * that read and write no older one (update, resolve, approve, done), so that they cost the same
 * on the 500th update as on the first. An older stage's files are refused as links where they are
 * read (readStatementFile, hashesIn).
 */
export type StageScan = 'all' | 'latest';

/**
 * Symlinks in an incident folder: its top (the timeline, the views, the lock), statements/
 * (where a stage folder is built and renamed into place, and leftovers are removed) and its stage
 * folders, all of them or the latest.
 */
function linksIn(dir: string, stages: StageScan): string[] {
  const found: string[] = [];
  const scan = (folder: string): Dirent[] => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return [];
    }
    for (const e of entries) if (e.isSymbolicLink()) found.push(join(folder, e.name));
    return entries;
  };
  const top = scan(dir);
  if (!top.some((e) => e.name === 'statements' && e.isDirectory())) return found;
  const root = join(dir, 'statements');
  const folders = scan(root).filter((e) => e.isDirectory());
  if (stages === 'all') for (const e of folders) scan(join(root, e.name));
  else {
    const latest = folders
      .filter((e) => STAGE.test(e.name))
      .reduce<{ name: string; number: number } | undefined>((best, e) => {
        const number = Number(STAGE.exec(e.name)![1]);
        return !best || number > best.number ? { name: e.name, number } : best;
      }, undefined);
    if (latest) scan(join(root, latest.name));
  }
  return found;
}

// A new incident is built in `.tmp-<pid>-<random>-<id>` under --out; the pid tells a crashed start's folder from a running one's.
const TEMP_INCIDENT = /^\.tmp-(\d+)-[0-9a-f]{8}-/;
// Past this age a temp folder is stale whatever its pid says (another machine, a reused pid).
const STALE_TEMP_MS = 60 * 60_000;

/** Removes what a killed `start` left under --out: its temp folder is never an incident, and would pile up. */
function removeStaleTemps(outRoot: string): void {
  for (const name of readdirSync(outRoot)) {
    if (!name.startsWith('.tmp-')) continue;
    const path = join(outRoot, name);
    const pid = Number(TEMP_INCIDENT.exec(name)?.[1] ?? 0);
    let age = 0;
    try {
      age = Date.now() - lstatSync(path).mtimeMs;
    } catch {
      continue;
    }
    if ((pid && pid !== process.pid && !alive(pid)) || age > STALE_TEMP_MS) rmSync(path, { recursive: true, force: true });
  }
}

function makeOutRoot(outRoot: string): void {
  if (existsSync(outRoot) && !statSync(outRoot).isDirectory()) fail('out-not-folder', `--out ${outRoot} is a file`, 'give a folder for the incidents');
  try {
    mkdirSync(outRoot, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // `--out notes.txt/incidents`: a file where a folder of the path should be.
    if (code === 'ENOTDIR' || code === 'EEXIST') fail('out-not-folder', `--out ${outRoot} is inside a file`, 'give a folder for the incidents');
    throw err;
  }
}

/** Creates a new incident: the folder is built aside and renamed into place, so it appears whole. A taken name gets -2, -3... */
export function createIncident(
  outRoot: string,
  id: string,
  stage: StagePlan,
  event: TimelineEvent,
  views: (state: IncidentState) => FileWrite[],
  by?: () => string,
): string {
  stamp(event, by);
  makeOutRoot(outRoot);
  removeStaleTemps(outRoot);
  const temp = join(outRoot, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}-${id}`);
  try {
    mkdirSync(temp, { recursive: true });
    const made = new Set([temp]);
    for (const f of stage.files) writeInNew(temp, f, made);
    const state = replay([event])!;
    for (let n = 1; ; n++) {
      const name = n === 1 ? id : `${id}-${n}`;
      // Taken already: try the next name before writing anything (the rename below still decides a race).
      if (existsSync(join(outRoot, name))) continue;
      const withName = { ...event, incident: name } as TimelineEvent;
      appendFileSync(join(temp, TIMELINE), `${JSON.stringify(withName)}\n`);
      for (const f of views({ ...state, id: name })) writeInNew(temp, f, made);
      try {
        renameSync(temp, join(outRoot, name));
        return join(outRoot, name);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EISDIR') throw err;
        rmSync(join(temp, TIMELINE));
      }
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function writeIn(dir: string, f: FileWrite): void {
  writeFileAtomic(inside(dir, f), f.content);
}

/** A file of a folder built aside: the folder's rename is the commit (see writeFileInNewFolder). */
function writeInNew(dir: string, f: FileWrite, made: Set<string>): void {
  writeFileInNewFolder(inside(dir, f), f.content, made);
}

function inside(dir: string, f: FileWrite): string {
  const target = join(dir, f.path);
  if (relative(dir, target).startsWith('..')) fail('path-escapes', `${f.path} would be written outside the incident`);
  return target;
}

export type IncidentWriter = {
  /** Writes a stage folder (aside, then renamed) and appends its event. */
  stage(plan: StagePlan, event: TimelineEvent): void;
  event(event: TimelineEvent): void;
  file(f: FileWrite): void;
};

/**
 * Runs `fn` under the incident's lock with the incident as it is now (read after the lock is
 * taken, so concurrent commands each see the others' events) and a writer for it. What it finds
 * wrong on the way is printed through `io`; its events carry `io`'s responder.
 */
export async function changeIncident<T>(
  io: IO,
  dir: string,
  command: string,
  fn: (incident: Incident, write: IncidentWriter) => T,
  opts: { stages?: StageScan } = {},
): Promise<T> {
  const warn = (text: string) => io.stderr.write(text);
  const shown = (path: string) => displayPath(io.cwd, path);
  // Checked before anything is read, written or removed, so nothing outside the folder is touched
  // through a link: once before the lock (not even the lock file is written then), once under it.
  const refuseLinks = () => {
    const links = linksIn(dir, opts.stages ?? 'all');
    if (links.length)
      fail(
        'symlink-refused',
        `${shown(links[0]!)} is a symbolic link`,
        'an incident folder holds plain files and folders only; replace the link with what it points to',
      );
  };
  refuseLinks();
  let recorded = false;
  try {
    return await withLock(
      dir,
      () => {
        refuseLinks();
        const incident = readIncident(dir);
        printProblems(io, incident.problems);
        if (!incident.state) fail('timeline-no-start', `${shown(dir)} has no readable start event in ${TIMELINE}`, 'this folder is not a complete incident');
        const refused = incident.problems.find((p) => p.code === 'timeline-duplicate-stage');
        if (refused) throw new ProblemsError([refused]);
        const folders = setAsideLeftovers(dir, incident.state, warn);
        let last = maxId(incident.events ?? []);
        const write: IncidentWriter = {
          stage(plan, event) {
            const final = join(dir, 'statements', plan.folder);
            assertInside(dir, final);
            if (existsSync(final)) fail('stage-exists', `statements/${plan.folder} exists already`, 'run the command again; the folder is kept as it is');
            const temp = join(dir, 'statements', `.tmp-${plan.folder}-${randomBytes(4).toString('hex')}`);
            try {
              const prefix = `statements/${plan.folder}/`;
              const made = new Set<string>();
              for (const f of plan.files) writeFileInNewFolder(join(temp, f.path.slice(prefix.length)), f.content, made);
              renameSync(temp, final);
            } finally {
              rmSync(temp, { recursive: true, force: true });
            }
            try {
              this.event(event);
            } catch (err) {
              // The folder is this command's own, seconds old: without its event it never happened.
              rmSync(final, { recursive: true, force: true });
              throw err;
            }
          },
          event(event) {
            last = stamp(event, io.responder, last).id;
            const file = join(dir, TIMELINE);
            assertInside(dir, file);
            // A last line without its newline (a torn write, a hand edit) must not swallow this event.
            // A delivery's intent is on disk before its request leaves: after a crash it says "unknown", never nothing.
            appendAllOrNothing(file, `${endsWithNewline(file) ? '' : '\n'}${JSON.stringify(event)}\n`, { sync: event.type === 'publish-intent' });
            recorded = true;
          },
          file(f) {
            assertInside(dir, join(dir, f.path));
            writeIn(dir, f);
          },
        };
        return fn({ ...(incident as Incident), folders }, write);
      },
      { timeoutMs: lockTimeoutMs(io), command },
    );
  } catch (err) {
    if (isDiskFull(err))
      fail(
        'disk-full',
        recorded
          ? `the disk is full: the ${command} is recorded in ${TIMELINE}, but the files shown from it could not all be rewritten`
          : `the disk is full: nothing was written`,
        recorded
          ? 'free some space; the next crisis command rebuilds incident.yaml and checklist.md from the timeline'
          : 'free some space and run the command again',
      );
    if (err instanceof LockTimeout)
      fail('incident-busy', `${shown(dir)}: ${err.message}`, 'another crisis command is writing this incident; try again in a moment');
    throw err;
  }
}

const isDiskFull = (err: unknown) => ['ENOSPC', 'EDQUOT'].includes((err as NodeJS.ErrnoException)?.code ?? '');

const maxId = (events: readonly TimelineEvent[]) => events.reduce<string | undefined>((m, e) => (e.id && (!m || e.id > m) ? e.id : m), undefined);

/**
 * Gives an event its id and responder, in place, so the caller's copy (replayed into the views
 * right after) is the one written.
 */
function stamp(event: TimelineEvent, by: (() => string) | undefined, last?: string): TimelineEvent & { id: string } {
  if (!event.id) event.id = nextEventId(Date.parse(event.at) || Date.now(), randomBytes(10), last);
  if (!event.by && by) event.by = by();
  return event as TimelineEvent & { id: string };
}

function endsWithNewline(file: string): boolean {
  const size = existsSync(file) ? statSync(file).size : 0;
  if (size === 0) return true;
  const fd = openSync(file, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

// writeFileAtomic's temp files (`.<name>.<pid>.<random>.tmp`), written only under the lock.
const LEFTOVER = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;
// The lock's own files (a claim being linked, a break guard, a lock moved aside by older versions)
// are made by contenders *outside* the lock: only an old one is a leftover, a young one is in use.
const LOCK_LEFTOVER = /^\.lock\.((stale|claim)-[0-9a-f]{8}|break)$/;
const LOCK_LEFTOVER_MS = 60_000;

function isLeftover(dir: string, name: string, now = Date.now()): boolean {
  if (LEFTOVER.test(name)) return true;
  if (!LOCK_LEFTOVER.test(name)) return false;
  try {
    return now - lstatSync(join(dir, name)).mtimeMs > LOCK_LEFTOVER_MS;
  } catch {
    return false;
  }
}
const STAGE = /^(\d+)-(start|update|resolve)$/;
export const ORPHANED = '.orphaned-';

/**
 * What an interrupted command left, under the lock (so no other command is writing). Temp files
 * and temp stage folders are removed. A stage folder numbered above the timeline's last stage was
 * renamed into place by a command killed before it appended its event: it is moved aside, never
 * deleted (its number is handed out again). A folder at or below the last stage that the timeline
 * does not list is kept where it is (the timeline lost its line: a bad merge, a hand edit; its
 * statements may have been sent) and the next stage is numbered above it. Returns the stage folders left.
 */
function setAsideLeftovers(dir: string, state: IncidentState, warn: (text: string) => void): string[] {
  for (const name of readdirSync(dir)) if (isLeftover(dir, name)) rmSync(join(dir, name), { force: true, recursive: true });
  const root = join(dir, 'statements');
  if (!existsSync(root)) return [];
  const known = new Set(state.stages.map((s) => s.folder));
  const last = Math.max(0, ...state.stages.map((s) => s.number));
  const folders: string[] = [];
  for (const name of readdirSync(root)) {
    if (name.startsWith('.tmp-')) {
      rmSync(join(root, name), { recursive: true, force: true });
      continue;
    }
    const number = Number(STAGE.exec(name)?.[1] ?? NaN);
    if (known.has(name) || !(number > last)) {
      if (!known.has(name) && STAGE.test(name)) warn(`crisis: statements/${name} is not in ${TIMELINE}: kept; the next stage is numbered above it\n`);
      if (STAGE.test(name)) folders.push(name);
      continue;
    }
    const aside = `${ORPHANED}${name}-${randomBytes(4).toString('hex')}`;
    renameSync(join(root, name), join(root, aside));
    warn(`crisis: statements/${name} is not in ${TIMELINE} (the command that wrote it did not finish): moved to statements/${aside}\n`);
  }
  return folders;
}

/** What interrupted commands left in an incident folder (temp files, lock claims, temp stage folders), by path in it. */
export function leftoversIn(dir: string): string[] {
  const top = readdirSync(dir).filter((n) => isLeftover(dir, n));
  const root = join(dir, 'statements');
  const stages = existsSync(root)
    ? readdirSync(root)
        .filter((n) => n.startsWith('.tmp-'))
        .map((n) => `statements/${n}`)
    : [];
  return [...top, ...stages].sort();
}

/** Stage folders on disk that the timeline does not list: status says so. */
export function unlistedFolders(dir: string, state: IncidentState): string[] {
  let names: string[];
  try {
    names = readdirSync(join(dir, 'statements'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const known = new Set(state.stages.map((s) => s.folder));
  return names.filter((n) => STAGE.test(n) && !known.has(n)).sort();
}

/** The sha256 of an incident's files as they are now, read once each; a missing file has none. */
export function hashesIn(dir: string): (path: string) => string | undefined {
  const seen = new Map<string, string | undefined>();
  return (path) => {
    if (!seen.has(path)) {
      const file = join(dir, path);
      let hash: string | undefined;
      try {
        hash = createHash('sha256').update(safeRead(file, null)).digest('hex');
      } catch (err) {
        if (err instanceof ProblemsError) throw err;
        hash = undefined;
      }
      seen.set(path, hash);
    }
    return seen.get(path);
  };
}

/** Whether incident.yaml says what the timeline says (missing or edited: rebuild it). */
export function recordAgrees(dir: string, state: IncidentState): boolean {
  const file = join(dir, RECORD);
  if (!existsSync(file) || !existsSync(join(dir, CHECKLIST))) return false;
  return readFileSync(file, 'utf8') === recordText(state);
}
