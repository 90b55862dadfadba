// The tree is the product's table of contents: each domain folder is entered through its
// index.ts, and imports point down docs/architecture.md's list of folders, never up.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
// The order of docs/architecture.md's table: a folder may import only from folders after it.
const ORDER = [
  'commands',
  'shell',
  'init',
  'site',
  'publish',
  'format',
  'preview',
  'markup',
  'incident',
  'validate',
  'statement',
  'template',
  'playbook',
  'time',
  'text',
  'problem',
  'generated',
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}
const folderOf = (file: string) => relative(SRC, file).split(sep)[0]!;
const imports = sources(SRC).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((m) => ({
    file: relative(SRC, file),
    from: folderOf(file),
    target: relative(SRC, resolve(dirname(file), m[1]!)),
  })),
);
const crossing = imports.filter(
  (i) => i.file.includes(sep) && i.target.includes(sep) && !i.target.startsWith('..') && folderOf(join(SRC, i.target)) !== i.from,
);

describe('the source tree', () => {
  it('has an index.ts in every domain folder', () => {
    const domains = ORDER.filter((d) => !['commands', 'shell', 'generated'].includes(d));
    expect(domains.filter((d) => !readdirSync(join(SRC, d)).includes('index.ts'))).toEqual([]);
  });

  it('enters a domain folder only through its index.ts', () => {
    // What `crisis status` loads imports the modules it uses (docs/architecture.md): through the
    // index, the bundler would give it the renderer's chunk too.
    const startUp = new Set(
      [
        'commands/status.ts -> incident/status.js',
        'shell/incident-store.ts -> incident/lifecycle.js',
        'shell/incident-store.ts -> incident/timeline.js',
        'shell/incident-store.ts -> incident/views.js',
        'shell/problems.ts -> format/text.js',
        'shell/status-index.ts -> incident/status.js',
      ].map((s) => s.replaceAll('/', sep)),
    );
    const bypass = crossing.filter((i) => {
      const to = i.target.split(sep)[0]!;
      return !['commands', 'shell', 'generated'].includes(to) && !i.target.endsWith(`${sep}index.js`) && !startUp.has(`${i.file} -> ${i.target}`);
    });
    expect(bypass.map((i) => `${i.file} -> ${i.target}`)).toEqual([]);
  });

  it('imports down the list of folders, never up', () => {
    const upward = crossing.filter((i) => ORDER.indexOf(i.target.split(sep)[0]!) < ORDER.indexOf(i.from));
    expect(upward.map((i) => `${i.file} -> ${i.target}`)).toEqual([]);
  });
});
