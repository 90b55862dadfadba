// Parses (config, playbooks, templates) kept on disk between runs (see ParseCache in src/playbook/model.ts).
// Where: the project's node_modules/.cache/crisis (the nearest node_modules from the working
// folder up), else the user's cache folder; never the package's own folder, which may be read-only
// (a global install, a locked-down CI image). CRISIS_CACHE_DIR moves it, CRISIS_CACHE_DIR=off turns
// it off. Entries live under the crisis version that wrote them, and the whole cache is kept under
// a size bound: the oldest packs go first. A cache that cannot be written is simply not used.
//
// One pack file a version, not a file per entry: a warm run opens one file and reads each entry
// at its offset, where a file per template cost an open, a read and a close each (a fifth of
// validate over a large library), and the folder grew to thousands of files. Layout:
//   MAGIC, then the entries (each a value deflated), then the index (JSON: key -> [offset, length]),
//   then FOOTER_SIZE bytes saying where the index is.
// A run that adds entries appends them to a new pack as they come (so nothing large is held in
// memory), carries the old pack's entries over when it ends, and renames it into place: readers
// see the old pack or the new one, never half of one. A pack that is not one (damaged, foreign,
// another layout) is read as empty and replaced by the next run that writes.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import pkg from '../../package.json' with { type: 'json' };
import type { ParseCache } from '../playbook/index.js';
import { tempPathFor } from './fs.js';

/**
 * Above what a large playbook library keeps: the shipped one is under 1 MB deflated, 500
 * playbooks its size about 70 MB (a template's parse is kept deflated, about 4 KB).
 */
export const CACHE_MAX_BYTES = 128 * 1024 * 1024;

export const PACK = 'parses.pack';
const MAGIC = Buffer.from('crisis parse pack 1\n');
// "index <offset> <length>\n", the numbers in 15 digits each.
const FOOTER_SIZE = 'index '.length + 15 + 1 + 15 + 1;
const FOOTER = /^index (\d{15}) (\d{15})\n$/;

export type PackCache = ParseCache & {
  /** The cache folder (without the version). */
  readonly root: string;
  /** An entry already deflated (by a worker thread's `recordingCache`). */
  put(key: string, deflated: Uint8Array): void;
  /** Writes what this run added, with the old pack's entries that still fit, as the new pack. Called at exit. */
  flush(): void;
};

// One pack a folder and process: the commands ask for the cache more than once (each project
// they load), and two writers in one process would each rename their own pack over the other's.
const open = new Map<string, PackCache>();

export function parseCache(env: Record<string, string | undefined>, cwd = process.cwd()): PackCache | undefined {
  if (env.CRISIS_CACHE_DIR === 'off') return undefined;
  const root = cacheRoot(env, cwd);
  let cache = open.get(root);
  if (!cache) {
    open.set(root, (cache = packCache(root)));
    process.once('exit', () => cache!.flush());
  }
  return cache;
}

type Entry = { offset: number; length: number };

/** The pack under `root`/<version>/, read on first use; `max` bounds the bytes of its entries. */
export function packCache(root: string, max = CACHE_MAX_BYTES): PackCache {
  const dir = join(root, pkg.version);
  const file = join(dir, PACK);
  let old: { fd: number; index: Map<string, Entry> } | undefined;
  const touched = new Set<string>(); // old entries read this run: carried over first
  let fresh: { fd: number; temp: string; index: Map<string, Entry>; end: number } | undefined;
  let writable = true;

  const oldPack = () => (old ??= readPack(file));

  function readAt(fd: number, e: Entry): string | undefined {
    try {
      const buf = Buffer.allocUnsafe(e.length);
      if (readSync(fd, buf, 0, e.length, e.offset) !== e.length) return undefined;
      return inflateRawSync(buf).toString('utf8');
    } catch {
      return undefined; // a damaged entry: the caller parses again
    }
  }

  function start(): typeof fresh {
    if (fresh || !writable) return fresh;
    try {
      // Once a run, before its first write: a warm run writes nothing and pays nothing. The old
      // pack is opened first, so its entries can be carried over even if pruning removes it.
      oldPack();
      pruneCache(root, max);
      mkdirSync(dir, { recursive: true });
      const temp = tempPathFor(file);
      const fd = openSync(temp, 'wx+', 0o644);
      writeSync(fd, MAGIC, 0, MAGIC.length, 0);
      fresh = { fd, temp, index: new Map(), end: MAGIC.length };
    } catch {
      writable = false;
    }
    return fresh;
  }

  function write(key: string, deflate: () => Uint8Array): void {
    const pack = start();
    if (!pack || pack.index.has(key)) return;
    try {
      const buf = deflate();
      if (pack.end - MAGIC.length + buf.length > max) return; // full: the rest is parsed again next time
      writeSync(pack.fd, buf, 0, buf.length, pack.end);
      pack.index.set(key, { offset: pack.end, length: buf.length });
      pack.end += buf.length;
    } catch {
      writable = false;
    }
  }

  return {
    root,
    get(key) {
      const mine = fresh?.index.get(key);
      if (mine) return readAt(fresh!.fd, mine);
      const pack = oldPack();
      const e = pack.index.get(key);
      if (!e) return undefined;
      touched.add(key);
      return readAt(pack.fd, e);
    },
    set(key, value) {
      write(key, () => deflateRawSync(value, { level: 1 }));
    },
    put(key, deflated) {
      write(key, () => deflated);
    },
    flush() {
      const pack = fresh;
      fresh = undefined;
      if (!pack) return closePack(old);
      try {
        // What this run read first, then the rest of the old pack, while it fits.
        const prev = oldPack();
        const carried = [...touched, ...[...prev.index.keys()].filter((k) => !touched.has(k))];
        for (const key of carried) {
          const e = prev.index.get(key)!;
          if (pack.index.has(key) || pack.end - MAGIC.length + e.length > max) continue;
          const buf = Buffer.allocUnsafe(e.length);
          if (readSync(prev.fd, buf, 0, e.length, e.offset) !== e.length) continue;
          writeSync(pack.fd, buf, 0, buf.length, pack.end);
          pack.index.set(key, { offset: pack.end, length: buf.length });
          pack.end += buf.length;
        }
        const index = Buffer.from(JSON.stringify(Object.fromEntries([...pack.index].map(([k, e]) => [k, [e.offset, e.length]]))));
        writeSync(pack.fd, index, 0, index.length, pack.end);
        const footer = Buffer.from(`index ${String(pack.end).padStart(15, '0')} ${String(index.length).padStart(15, '0')}\n`);
        writeSync(pack.fd, footer, 0, footer.length, pack.end + index.length);
        closeSync(pack.fd);
        closePack(old);
        renameSync(pack.temp, file);
        removeEntryFiles(dir);
      } catch {
        closeQuietly(pack.fd);
        rmSync(pack.temp, { force: true });
      }
    },
  };
}

/**
 * For a worker thread: reads the pack as it was when the run began, and keeps what is set deflated
 * for the thread that owns the pack (`take`, then `PackCache.put`), since one pack has one writer.
 * What it set lately is served again from memory (the shared partials, parsed once a thread),
 * within `recent` bytes.
 */
export function recordingCache(root: string, recent = 8 * 1024 * 1024): ParseCache & { take(): [string, Uint8Array][] } {
  const file = join(root, pkg.version, PACK);
  let old: { fd: number; index: Map<string, Entry> } | undefined;
  const kept = new Map<string, Uint8Array>(); // least recently used first
  let keptBytes = 0;
  let taken: [string, Uint8Array][] = [];
  const inflate = (buf: Uint8Array) => {
    try {
      return inflateRawSync(buf).toString('utf8');
    } catch {
      return undefined;
    }
  };
  return {
    get(key) {
      const mine = kept.get(key);
      if (mine) {
        kept.delete(key);
        kept.set(key, mine);
        return inflate(mine);
      }
      const pack = (old ??= readPack(file));
      const e = pack.index.get(key);
      if (!e) return undefined;
      const buf = Buffer.allocUnsafe(e.length);
      return readSync(pack.fd, buf, 0, e.length, e.offset) === e.length ? inflate(buf) : undefined;
    },
    set(key, value) {
      const buf = deflateRawSync(value, { level: 1 });
      taken.push([key, buf]);
      kept.delete(key);
      kept.set(key, buf);
      keptBytes += buf.length;
      for (const [k, b] of kept) {
        if (keptBytes <= recent) break;
        kept.delete(k);
        keptBytes -= b.length;
      }
    },
    take() {
      const out = taken;
      taken = [];
      return out;
    },
  };
}

/** A pack's index, or an empty one when the file is missing or not a pack of this layout. */
function readPack(file: string): { fd: number; index: Map<string, Entry> } {
  const empty = { fd: -1, index: new Map<string, Entry>() };
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return empty;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < MAGIC.length + FOOTER_SIZE) throw new Error('short');
    const head = Buffer.alloc(MAGIC.length);
    readSync(fd, head, 0, head.length, 0);
    if (!head.equals(MAGIC)) throw new Error('not a pack');
    const foot = Buffer.alloc(FOOTER_SIZE);
    readSync(fd, foot, 0, FOOTER_SIZE, size - FOOTER_SIZE);
    const m = FOOTER.exec(foot.toString('latin1'));
    const at = Number(m?.[1]);
    const length = Number(m?.[2]);
    if (!m || at < MAGIC.length || at + length + FOOTER_SIZE !== size) throw new Error('no index');
    const buf = Buffer.alloc(length);
    if (readSync(fd, buf, 0, length, at) !== length) throw new Error('short index');
    const raw = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
    const index = new Map<string, Entry>();
    for (const [key, e] of Object.entries(raw)) {
      // An entry outside the data part is a damaged index: the whole pack is not trusted.
      if (!Array.isArray(e) || !Number.isSafeInteger(e[0]) || !Number.isSafeInteger(e[1]) || e[0] < MAGIC.length || e[1] < 0 || e[0] + e[1] > at)
        throw new Error('bad entry');
      index.set(key, { offset: e[0], length: e[1] });
    }
    return { fd, index };
  } catch {
    closeQuietly(fd);
    return empty;
  }
}

function closePack(pack: { fd: number } | undefined): void {
  if (pack && pack.fd >= 0) closeQuietly(pack.fd);
  if (pack) pack.fd = -1;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // closed already
  }
}

/** The entries of the layout before the pack (a file each), which no version reads any more. */
function removeEntryFiles(dir: string): void {
  for (const name of readdirSync(dir)) if (/^[0-9a-f]{64}\.json$/.test(name)) rmSync(join(dir, name), { force: true });
}

/** The cache folder (without the version): see the top of this file. */
export function cacheRoot(env: Record<string, string | undefined>, cwd: string): string {
  if (env.CRISIS_CACHE_DIR) return resolve(cwd, env.CRISIS_CACHE_DIR);
  for (let d = resolve(cwd); ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return join(d, 'node_modules', '.cache', 'crisis');
    if (dirname(d) === d) break;
  }
  const home = env.HOME || env.USERPROFILE || homedir();
  const base =
    env.XDG_CACHE_HOME ||
    (process.platform === 'darwin'
      ? join(home, 'Library', 'Caches')
      : process.platform === 'win32'
        ? env.LOCALAPPDATA || join(home, 'AppData', 'Local')
        : join(home, '.cache'));
  return join(base, 'crisis');
}

/** Deletes the oldest files (every version's) until the cache holds at most three quarters of `max`. */
export function pruneCache(root: string, max: number): void {
  if (!existsSync(root)) return;
  const entries: { path: string; size: number; at: number }[] = [];
  for (const version of readdirSync(root)) {
    const dir = join(root, version);
    try {
      for (const name of readdirSync(dir)) {
        const s = statSync(join(dir, name));
        if (s.isFile()) entries.push({ path: join(dir, name), size: s.size, at: s.mtimeMs });
      }
    } catch {
      // not a folder, or gone meanwhile
    }
  }
  let total = entries.reduce((n, e) => n + e.size, 0);
  if (total <= max) return;
  for (const e of entries.sort((a, b) => a.at - b.at)) {
    if (total <= max * 0.75) break;
    rmSync(e.path, { force: true });
    total -= e.size;
  }
}
