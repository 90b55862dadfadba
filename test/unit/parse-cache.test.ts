// The parse cache: where it lives (never in the package's folder), and that it stays bounded.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { cacheRoot, parseCache, pruneCache } from '../../src/shell/parse-cache.js';

const made: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'crisis-cache-'));
  made.push(d);
  return d;
};
afterEach(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

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

  it('keeps entries under the version that wrote them, and is off with CRISIS_CACHE_DIR=off', () => {
    const dir = scratch();
    const cache = parseCache({ CRISIS_CACHE_DIR: dir }, dir)!;
    cache.set('abc', '{"x":1}');
    expect(readdirSync(join(dir, pkg.version))).toEqual(['abc.json']);
    expect(cache.get('abc')).toBe('{"x":1}');
    expect(parseCache({ CRISIS_CACHE_DIR: 'off' }, dir)).toBeUndefined();
  });

  it('is simply not used where it cannot be written', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'file'), '');
    const cache = parseCache({ CRISIS_CACHE_DIR: join(dir, 'file') }, dir)!;
    expect(() => cache.set('k', 'v')).not.toThrow();
    expect(cache.get('k')).toBeUndefined();
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
