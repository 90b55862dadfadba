// What `crisis status` reads of each incident, kept between runs: at 10,000 incidents, reading
// every timeline (an open, a read and a close, a JSON parse a line, the replay) and listing every
// statements/ folder was most of status. The index holds, per incident folder, what status uses:
// its summary (statusSummary: the record's fields that are the timeline's, the sign-offs of the
// latest stage), the timeline's problems (a damaged line by its number), the stage folders the
// timeline does not list and the text status prints of it that does not change with the time
// (statusText, under a key of what it read of the config and the playbook). All of it under the
// stat (size, mtime, ctime, inode) of the timeline, of statements/ and of every statement file a
// sign-off was checked against. A run checks those with one lstat each and reads again every
// incident where any changed (an append, an edit, a checkout, a folder added or removed), so the
// index is never trusted over the timeline; a text whose key differs is made again.
// Like git's index, an entry whose files changed in the last two seconds is not kept: a write
// within the same tick of a coarse clock could leave the size and the times as they were.
//
// It lives in the cache folder (see parse-cache.ts), one file per incidents folder, never in the
// incidents folder, which holds only what the contract lists and is shared through git.
// Written whole to a temp file and renamed, only when an entry changed; a damaged, foreign or
// unreadable index is read as empty, and one that cannot be written is not used.
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, type Stats, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve, sep } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { type StatusSummary, statusSummary, type StatusText } from '../incident/status.js';
import type { Problem } from '../problem/index.js';
import { tempPathFor } from './fs.js';
import { hashesIn, listIncidentDirs, readIncident, TIMELINE, unlistedFolders } from './incident-store.js';
import { cacheRoot } from './parse-cache.js';

declare const __CRISIS_BUILD__: string | undefined;
// The build that wrote an index must be the one reading it: the state's shape is the code's.
const BUILD = typeof __CRISIS_BUILD__ === 'string' ? __CRISIS_BUILD__ : 'source';
// Younger than this, a file's stat may not show a write made in the same tick (see the top).
const RACY_MS = 2000;

/** One incident as status reads it; no summary when no start event could be read. */
export type StatusRead = { dir: string; summary?: StatusSummary; text?: StatusText; problems: Problem[]; unlisted: string[] };

/**
 * How the texts kept with the summaries are made: what a playbook's text reads besides the summary
 * (a kept text made from other inputs is made again), and the text of a summary.
 */
export type TextMaker = { inputs: (playbook: string) => string; make: (s: StatusSummary) => StatusText };

type FileKey = [size: number, mtime: number, ctime: number, ino: number];
/**
 * `h`: the statement files a sign-off was checked against, by their path in the incident (a
 * missing one has no key); `x`: the summary's text, and `k` the key of the inputs it was made from.
 */
type Entry = {
  t: FileKey;
  s: FileKey | null;
  h: [string, FileKey | null][];
  summary: StatusSummary | null;
  problems: Problem[];
  unlisted: string[];
  k: string | null;
  x: StatusText | null;
};
// On disk, each value is kept once (most incidents share a title, a playbook, the statements
// awaiting sign-off, many answers) and an entry is its two stat keys and the indexes of its values:
// a tenth of the bytes to read and parse of an entry holding its own. The file is a JSON header
// (the values and the folder names) and two binary columns: the stat keys as doubles, the value
// indexes as 32-bit integers. Parsing the numbers as JSON text was most of reading the index.
const LAYOUT = 5;
const MAGIC = 'crisis-status-index\n';
const SUMMARY_FIELDS = [
  'id',
  'playbook',
  'title',
  'severity',
  'stage',
  'update_number',
  'started_at',
  'next_update_at',
  'awaiting_approval',
  'changed_after_approval',
  'resolved_at',
  'unknown_deliveries',
  'failed_deliveries',
  'timezone',
  'answers',
  'steps',
] as const satisfies readonly (keyof StatusSummary)[];
// Every field of the summary is kept: a field added to it and not here fails the type check.
const everyField: Exclude<keyof StatusSummary, (typeof SUMMARY_FIELDS)[number]> extends never ? true : never = true;
void everyField;
// An entry's value indexes: h, problems, unlisted, the summary's fields (-1 in the first: none),
// then the text's key and its fields (-1 in the key: none).
const TEXT_FIELDS = ['head', 'when', 'steps', 'signoff'] as const satisfies readonly (keyof StatusText)[];
const everyTextField: Exclude<keyof StatusText, (typeof TEXT_FIELDS)[number]> extends never ? true : never = true;
void everyTextField;
const TEXT_AT = 3 + SUMMARY_FIELDS.length;
const REFS = TEXT_AT + 1 + TEXT_FIELDS.length;
const STATS = 8; // the timeline's key, then statements/'s (four -1: none)
const AT = Object.fromEntries(SUMMARY_FIELDS.map((f, i) => [f, 3 + i])) as Record<(typeof SUMMARY_FIELDS)[number], number>;
/** A summary from its packed indexes, as one object literal (one shape for all, not sixteen additions each). */
const summaryOf = (r: Int32Array, o: number, v: unknown[]): StatusSummary => ({
  id: v[r[o + AT.id]!] as StatusSummary['id'],
  playbook: v[r[o + AT.playbook]!] as StatusSummary['playbook'],
  title: v[r[o + AT.title]!] as StatusSummary['title'],
  severity: v[r[o + AT.severity]!] as StatusSummary['severity'],
  stage: v[r[o + AT.stage]!] as StatusSummary['stage'],
  update_number: v[r[o + AT.update_number]!] as StatusSummary['update_number'],
  started_at: v[r[o + AT.started_at]!] as StatusSummary['started_at'],
  next_update_at: v[r[o + AT.next_update_at]!] as StatusSummary['next_update_at'],
  awaiting_approval: v[r[o + AT.awaiting_approval]!] as StatusSummary['awaiting_approval'],
  changed_after_approval: v[r[o + AT.changed_after_approval]!] as StatusSummary['changed_after_approval'],
  resolved_at: v[r[o + AT.resolved_at]!] as StatusSummary['resolved_at'],
  unknown_deliveries: v[r[o + AT.unknown_deliveries]!] as StatusSummary['unknown_deliveries'],
  failed_deliveries: v[r[o + AT.failed_deliveries]!] as StatusSummary['failed_deliveries'],
  timezone: v[r[o + AT.timezone]!] as StatusSummary['timezone'],
  answers: v[r[o + AT.answers]!] as StatusSummary['answers'],
  steps: v[r[o + AT.steps]!] as StatusSummary['steps'],
});
const textOf = (r: Int32Array, o: number, v: unknown[]): StatusText => ({
  head: v[r[o + TEXT_AT + 1]!] as string,
  when: v[r[o + TEXT_AT + 2]!] as string,
  steps: v[r[o + TEXT_AT + 3]!] as StatusText['steps'],
  signoff: v[r[o + TEXT_AT + 4]!] as string,
});
type Header = { layout: number; build: string; root: string; values: unknown[]; names: string[] };

const keyOf = (s: Stats): FileKey => [s.size, s.mtimeMs, s.ctimeMs, s.ino];
const sameKey = (a: FileKey | null, s: Stats) => a !== null && a[0] === s.size && a[1] === s.mtimeMs && a[2] === s.ctimeMs && a[3] === s.ino;
const hashedSame = (dir: string, h: Entry['h']) => {
  for (const [path, key] of h) {
    const now = lstat(join(dir, path));
    if (now ? !sameKey(key, now) : key !== null) return false;
  }
  return true;
};

// Per folder, what lstat says of its timeline, then of its statements/: the kind, then the key.
const FOLDER_STATS = 10;
const [NONE, FILE, OTHER] = [0, 1, 2];
const keyAt = (stats: Float64Array, at: number): FileKey => [stats[at + 1]!, stats[at + 2]!, stats[at + 3]!, stats[at + 4]!];
/** Whether entry `e`'s keys (the index's columns) are the folder's stats (at `at`). */
const sameStats = (kept: Float64Array, e: number, stats: Float64Array, at: number, hasStatements: boolean) => {
  const k = e * STATS;
  if (kept[k] !== stats[at + 1] || kept[k + 1] !== stats[at + 2] || kept[k + 2] !== stats[at + 3] || kept[k + 3] !== stats[at + 4]) return false;
  if (!hasStatements) return kept[k + 4] === -1;
  return kept[k + 4] === stats[at + 6] && kept[k + 5] === stats[at + 7] && kept[k + 6] === stats[at + 8] && kept[k + 7] === stats[at + 9];
};

/**
 * The lstat of every folder's timeline and statements/ (none of a folder without a timeline).
 * `fromRoot`: the folders are the root's own, and are asked from within it, where each path is
 * two names for the kernel to walk, not the whole path: a fifth of the calls' cost at 10,000
 * incidents. Nothing else runs meanwhile, and the working folder is put back before returning.
 */
function statFolders(root: string, dirs: string[], fromRoot: boolean): Float64Array {
  const stats = new Float64Array(dirs.length * FOLDER_STATS);
  const put = (at: number, s: Stats | undefined) => {
    if (!s) return;
    stats[at] = s.isFile() ? FILE : OTHER;
    stats[at + 1] = s.size;
    stats[at + 2] = s.mtimeMs;
    stats[at + 3] = s.ctimeMs;
    stats[at + 4] = s.ino;
  };
  let back: string | undefined;
  if (fromRoot)
    try {
      const cwd = process.cwd();
      process.chdir(root);
      back = cwd;
    } catch {
      // asked by their whole paths
    }
  try {
    for (let i = 0; i < dirs.length; i++) {
      const dir = dirs[i]!;
      // Concatenated, not joined: the folders are listed joined already, and join normalises again.
      const path = back === undefined ? dir : dir.slice(dir.lastIndexOf(sep) + 1);
      const timeline = lstat(`${path}${sep}${TIMELINE}`);
      put(i * FOLDER_STATS, timeline);
      if (timeline) put(i * FOLDER_STATS + 5, lstat(`${path}${sep}statements`));
    }
  } finally {
    if (back !== undefined)
      try {
        process.chdir(back);
      } catch {
        // the folder it was in is gone: every path after this is a whole one
      }
  }
  return stats;
}

/** Where the index of an incidents folder is kept, or undefined with the cache turned off. */
export function statusIndexFile(env: Record<string, string | undefined>, cwd: string, root: string): string | undefined {
  if (env.CRISIS_CACHE_DIR === 'off') return undefined;
  const name = createHash('sha256').update(resolve(cwd, root)).digest('hex').slice(0, 16);
  return join(cacheRoot(env, cwd), pkg.version, `status-${name}.index`);
}

/**
 * Every incident under `root` (or only `dirs`), as status reads them, in folder order: from the
 * index where the timeline and statements/ are as the index saw them, else read from the folder.
 * `file`: the index (undefined: none kept). With `texts`, each summary comes with its text, kept
 * in the index while its inputs are the same; without, the kept texts are left as they are.
 * The folders are asked at once; the index is read, and written back when an entry changed, as
 * the incidents are taken: one at a time, so what a caller makes of each can go as it comes.
 */
export function readStatuses(root: string, file: string | undefined, dirs?: string[], texts?: TextMaker): Iterable<StatusRead> {
  const folders = dirs ?? listIncidentDirs(root, false);
  return walk(root, file, folders, statFolders(root, folders, !dirs), !dirs, texts);
}

function* walk(root: string, file: string | undefined, folders: string[], stats: Float64Array, whole: boolean, texts?: TextMaker): Generator<StatusRead> {
  const index = file ? load(file, root) : NOTHING;
  const { refs, values } = index;
  const keys = new Map<string, string>();
  // The local times are ICU's: another Node's zone data may write them otherwise.
  const keyOfInputs = (playbook: string) =>
    createHash('sha256')
      .update(`${process.versions.tz}\n${texts!.inputs(playbook)}`)
      .digest('base64');
  const textKey = (playbook: string) => keys.get(playbook) ?? keys.set(playbook, keyOfInputs(playbook)).get(playbook)!;
  // Entries as read stay in the index's columns: only the ones that changed are made whole (null:
  // not kept), and the rest read again when the index is written.
  const changes = new Map<string, Entry | null>();
  const seen = new Uint8Array(index.at.size);
  let changed = false;
  const drop = (name: string) => {
    changes.set(name, null);
    changed = true;
  };
  const now = Date.now();
  for (let i = 0; i < folders.length; i++) {
    const dir = folders[i]!;
    const name = dir.slice(dir.lastIndexOf(sep) + 1); // basename, without its checks 10,000 times
    const at = i * FOLDER_STATS;
    const kind = stats[at];
    if (kind === NONE) continue; // not an incident (or gone since it was listed)
    const e = index.at.get(name);
    // A link or a folder where the timeline should be: read the slow way, which says what is wrong.
    if (kind !== FILE) {
      if (!whole || existsSync(join(dir, TIMELINE))) yield fresh(dir);
      if (e !== undefined) drop(name);
      continue;
    }
    const hasStatements = stats[at + 5] !== NONE;
    if (e !== undefined && sameStats(index.stats, e, stats, at, hasStatements) && hashedSame(dir, values[refs[e * REFS]!] as Entry['h'])) {
      seen[e] = 1;
      const o = e * REFS;
      const problems = values[refs[o + 1]!] as Problem[];
      const unlisted = values[refs[o + 2]!] as string[];
      if (refs[o + 3] === -1) {
        yield { dir, problems, unlisted };
        continue;
      }
      const summary = summaryOf(refs, o, values);
      let text = refs[o + TEXT_AT] === -1 ? undefined : textOf(refs, o, values);
      if (texts) {
        const k = textKey(summary.playbook);
        if (!text || values[refs[o + TEXT_AT]!] !== k) {
          text = texts.make(summary);
          changes.set(name, { ...entryAt(index, e), k, x: text });
          changed = true;
        }
      }
      yield text ? { dir, summary, text, problems, unlisted } : { dir, summary, problems, unlisted };
      continue;
    }
    const t = keyAt(stats, at);
    const s = hasStatements ? keyAt(stats, at + 5) : null;
    const hashed = new Set<string>();
    const read = fresh(dir, hashed);
    const k = texts && read.summary ? textKey(read.summary.playbook) : null;
    if (k !== null) read.text = texts!.make(read.summary!);
    yield read;
    const h = [...hashed].map((path): [string, FileKey | null] => [path, fileKey(join(dir, path))]);
    const racy = [t, s, ...h.map(([, key]) => key)].some((key) => key && now - key[1] < RACY_MS);
    if (racy) {
      if (e !== undefined) drop(name);
      continue;
    }
    changes.set(name, { t, s, h, summary: read.summary ?? null, problems: read.problems, unlisted: read.unlisted, k, x: read.text ?? null });
    changed = true;
  }
  // Of the whole folder, an entry not seen is of an incident gone.
  if (whole && seen.includes(0)) changed = true;
  if (!file || !changed) return;
  const entries = new Map<string, Entry>();
  for (const [name, e] of index.at) if ((!whole || seen[e]) && !changes.has(name)) entries.set(name, entryAt(index, e));
  for (const [name, entry] of changes) if (entry) entries.set(name, entry);
  save(file, root, entries);
}

function fresh(dir: string, hashed = new Set<string>()): StatusRead {
  const incident = readIncident(dir);
  if (!incident.state) return { dir, problems: incident.problems, unlisted: [] };
  const hashOf = hashesIn(dir);
  const summary = statusSummary(incident.state, (path) => (hashed.add(path), hashOf(path)));
  return { dir, summary, problems: incident.problems, unlisted: unlistedFolders(dir, incident.state) };
}

function fileKey(path: string): FileKey | null {
  const s = lstat(path);
  return s ? keyOf(s) : null;
}

function lstat(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The index as read: its entries stay in the columns, read out as they are asked for. */
type Loaded = { at: Map<string, number>; stats: Float64Array; refs: Int32Array; values: unknown[] };
const NOTHING: Loaded = { at: new Map(), stats: new Float64Array(0), refs: new Int32Array(0), values: [] };

function load(file: string, root: string): Loaded {
  try {
    const data = readFileSync(file);
    const magic = Buffer.byteLength(MAGIC);
    if (data.toString('latin1', 0, magic) !== MAGIC) return NOTHING;
    const headerLength = data.readUInt32LE(magic);
    const headerEnd = magic + 4 + headerLength;
    const kept = JSON.parse(data.toString('utf8', magic + 4, headerEnd)) as Header;
    if (kept.layout !== LAYOUT || kept.build !== BUILD || kept.root !== root || !Array.isArray(kept.values) || !Array.isArray(kept.names)) return NOTHING;
    const { values, names } = kept;
    const n = names.length;
    const statsStart = headerEnd;
    const refsStart = statsStart + n * STATS * 8;
    if (data.length !== refsStart + n * REFS * 4) return NOTHING;
    if (statsStart % 8 !== 0) return NOTHING; // the header is padded so the columns are 8-aligned in the file
    // Read in place where the file's buffer is aligned as the file is, else from an aligned copy.
    const bytes = data.byteOffset % 8 === 0 ? data : new Uint8Array(data);
    const stats = new Float64Array(bytes.buffer, bytes.byteOffset + statsStart, n * STATS);
    const refs = new Int32Array(bytes.buffer, bytes.byteOffset + refsStart, n * REFS);
    // Every value index checked once here, so reading an entry needs none: -1 (none) only in the
    // summary's first and the text's key.
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i]!;
      const f = i % REFS;
      if (r >= values.length || r < (f === 3 || f === TEXT_AT ? -1 : 0)) return NOTHING;
    }
    return { at: new Map(names.map((name, e) => [name, e])), stats, refs, values };
  } catch {
    return NOTHING; // none yet, damaged or unreadable: read as empty
  }
}

/** An entry whole, to be written again. */
function entryAt(index: Loaded, e: number): Entry {
  const { stats, refs, values } = index;
  const st = e * STATS;
  const o = e * REFS;
  return {
    t: [stats[st]!, stats[st + 1]!, stats[st + 2]!, stats[st + 3]!],
    s: stats[st + 4] === -1 ? null : [stats[st + 4]!, stats[st + 5]!, stats[st + 6]!, stats[st + 7]!],
    h: values[refs[o]!] as Entry['h'],
    problems: values[refs[o + 1]!] as Problem[],
    unlisted: values[refs[o + 2]!] as string[],
    summary: refs[o + 3] === -1 ? null : summaryOf(refs, o, values),
    k: refs[o + TEXT_AT] === -1 ? null : (values[refs[o + TEXT_AT]!] as string),
    x: refs[o + TEXT_AT] === -1 ? null : textOf(refs, o, values),
  };
}

function save(file: string, root: string, entries: Map<string, Entry>): void {
  const values: unknown[] = [];
  // Objects by identity first (an entry loaded and kept shares them), then by their text.
  const byValue = new Map<unknown, number>();
  const index = (v: unknown) => {
    let i = byValue.get(v);
    if (i === undefined && v !== null && typeof v === 'object') {
      const text = JSON.stringify(v);
      i = byValue.get(text);
      if (i === undefined) byValue.set(text, (i = values.push(v) - 1));
      byValue.set(v, i);
    } else if (i === undefined) byValue.set(v, (i = values.push(v) - 1));
    return i;
  };
  const names = [...entries.keys()];
  const stats = new Float64Array(names.length * STATS);
  const refs = new Int32Array(names.length * REFS);
  names.forEach((name, e) => {
    const entry = entries.get(name)!;
    stats.set([...entry.t, ...(entry.s ?? [-1, -1, -1, -1])], e * STATS);
    const o = e * REFS;
    refs[o] = index(entry.h);
    refs[o + 1] = index(entry.problems);
    refs[o + 2] = index(entry.unlisted);
    if (entry.summary) SUMMARY_FIELDS.forEach((f) => (refs[o + AT[f]] = index(entry.summary![f])));
    else refs[o + 3] = -1;
    if (entry.k !== null && entry.x) {
      refs[o + TEXT_AT] = index(entry.k);
      TEXT_FIELDS.forEach((f, i) => (refs[o + TEXT_AT + 1 + i] = index(entry.x![f])));
    } else refs[o + TEXT_AT] = -1;
  });
  const json = Buffer.from(JSON.stringify({ layout: LAYOUT, build: BUILD, root, values, names } satisfies Header));
  // Spaces after the JSON, so the columns start at a multiple of 8 and are read in place.
  const header = Buffer.concat([json, Buffer.alloc((8 - ((Buffer.byteLength(MAGIC) + 4 + json.length) % 8)) % 8, ' ')]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const body = Buffer.concat([Buffer.from(MAGIC), length, header, Buffer.from(stats.buffer), Buffer.from(refs.buffer)]);
  const temp = tempPathFor(file);
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(temp, body, { flag: 'wx' });
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true }); // a cache that cannot be written is not used
  }
}
