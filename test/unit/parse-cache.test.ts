// The parse cache: where it lives (never in the package's folder), its one pack file, and that it stays bounded.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { cacheRoot, PACK, packCache, parseCache, pruneCache } from '../../src/shell/parse-cache.js';

const made: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'crisis-cache-'));
  made.push(d);
  return d;
};
afterEach(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
// Text that deflate cannot shrink, so a bound in bytes is easy to reason about.
const randomText = (n: number) => randomBytes(n).toString('base64').slice(0, n);

describe('where the parse cache lives', () => {
  it("in the nearest project's node_modules/.cache/crisis, from the working folder up", () => {
    const project = scratch();
    mkdirSync(join(project, 'node_modules'));
    mkdirSync(join(project, 'comms', 'playbooks'), { recursive: true });
    expect(cacheRoot({}, join(project, 'comms', 'playbooks'))).toBe(join(project, 'node_modules', '.cache', 'crisis'));
  });

  it("else in the user's cache folder; CRISIS_CACHE_DIR moves it", () => {
    const dir = scratch();
    if (process.platform === 'linux') expect(cacheRoot({ HOME: '/home/dana' }, dir)).toBe('/home/dana/.cache/crisis');
    expect(cacheRoot({ XDG_CACHE_HOME: '/var/cache/ci', HOME: '/home/dana' }, dir)).toBe(
      process.platform === 'linux' ? '/var/cache/ci/crisis' : expect.any(String),
    );
    expect(cacheRoot({ CRISIS_CACHE_DIR: 'cache' }, dir)).toBe(join(dir, 'cache'));
  });

  it('keeps entries in one pack under the version that wrote them, and is off with CRISIS_CACHE_DIR=off', () => {
    const dir = scratch();
    const cache = parseCache({ CRISIS_CACHE_DIR: dir }, dir)!;
    cache.set('abc', '{"x":1}');
    expect(cache.get('abc')).toBe('{"x":1}');
    cache.flush();
    expect(readdirSync(join(dir, pkg.version))).toEqual([PACK]);
    expect(packCache(dir).get('abc')).toBe('{"x":1}');
    expect(parseCache({ CRISIS_CACHE_DIR: 'off' }, dir)).toBeUndefined();
  });

  it('is simply not used where it cannot be written', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'file'), '');
    const cache = parseCache({ CRISIS_CACHE_DIR: join(dir, 'file') }, dir)!;
    expect(() => (cache.set('k', 'v'), cache.flush())).not.toThrow();
    expect(cache.get('k')).toBeUndefined();
  });
});

describe('the pack', () => {
  const filled = (root: string, entries: Record<string, string>, max?: number) => {
    const cache = packCache(root, max);
    for (const [k, v] of Object.entries(entries)) cache.set(k, v);
    cache.flush();
  };

  it('carries the entries of the pack before over when a run adds others; a run that adds nothing writes nothing', () => {
    const root = scratch();
    filled(root, { a: 'one', b: 'two' });
    const warm = packCache(root);
    expect(warm.get('a')).toBe('one');
    warm.flush();
    const written = readFileSync(join(root, pkg.version, PACK));
    filled(root, { c: 'three' });
    const cache = packCache(root);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]).toEqual(['one', 'two', 'three', undefined]);
    expect(readFileSync(join(root, pkg.version, PACK)).equals(written)).toBe(false);
  });

  it('holds no more than its bound: what does not fit is parsed again next time', () => {
    const root = scratch();
    filled(root, { a: 'small', b: randomText(4000) }, 2000);
    const cache = packCache(root, 2000);
    expect(cache.get('a')).toBe('small');
    expect(cache.get('b')).toBeUndefined();
  });

  it('reads a damaged, cut or foreign pack as empty, never as an error, and replaces it', () => {
    const root = scratch();
    filled(root, { a: 'one', b: 'two' });
    const file = join(root, pkg.version, PACK);
    const whole = readFileSync(file);
    for (const broken of [
      whole.subarray(0, whole.length - 10), // cut
      Buffer.concat([whole, Buffer.from('x')]), // grown
      Buffer.from('{"a": "not a pack"}'), // foreign
      Buffer.alloc(0),
      Buffer.concat([whole.subarray(0, whole.length - 60), Buffer.from('index 000000000000020 999999999999999\n')]), // an index out of the file
    ]) {
      writeFileSync(file, broken);
      const cache = packCache(root);
      expect(cache.get('a')).toBeUndefined();
      cache.set('c', 'three');
      cache.flush();
      expect(packCache(root).get('c')).toBe('three');
    }
    // A damaged entry (its bytes changed, the index whole) is a miss, not an error.
    filled(root, { a: 'one'.repeat(50) });
    const good = readFileSync(file);
    good[25] = good[25]! ^ 0xff;
    writeFileSync(file, good);
    expect(() => packCache(root).get('a')).not.toThrow();
  });

  it('removes the files of the layout before the pack (one a template) when it writes one', () => {
    const root = scratch();
    mkdirSync(join(root, pkg.version), { recursive: true });
    const old = `${'a'.repeat(64)}.json`;
    writeFileSync(join(root, pkg.version, old), '{}');
    filled(root, { a: 'one' });
    expect(readdirSync(join(root, pkg.version))).toEqual([PACK]);
  });
});

describe('pruneCache', () => {
  it('removes the oldest entries, of every version, down to three quarters of the bound', () => {
    const root = scratch();
    const entry = (version: string, name: string, age: number) => {
      mkdirSync(join(root, version), { recursive: true });
      writeFileSync(join(root, version, name), 'x'.repeat(100));
      const at = new Date(Date.UTC(2026, 0, 1) + age * 1000);
      utimesSync(join(root, version, name), at, at);
    };
    entry('0.0.9', 'old.json', 1);
    entry('0.1.0', 'a.json', 2);
    entry('0.1.0', 'b.json', 3);
    entry('0.1.0', 'c.json', 4);
    pruneCache(root, 1000);
    expect(readdirSync(join(root, '0.1.0')).length).toBe(3); // under the bound: nothing goes
    pruneCache(root, 300);
    expect([...readdirSync(join(root, '0.0.9')), ...readdirSync(join(root, '0.1.0'))]).toEqual(['b.json', 'c.json']); // 400 bytes over 300: down to 225
  });
});
