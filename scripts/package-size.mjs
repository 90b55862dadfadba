// The package's size as a user gets it: `npm pack` (unpacked size, what the registry stores), then
// the tarball installed into a scratch project (node_modules, dependencies included). Writes the
// "Package size" section of bench/RESULTS.md (`npm run size`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const scratch = mkdtempSync(join(tmpdir(), 'crisis-size-'));
try {
  const [pack] = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], root));
  const project = join(scratch, 'project');
  execFileSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), '{ "private": true }\n');
  npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', join(scratch, pack.filename)], project);
  const bytes = (dir) => readdirSync(dir, { recursive: true }).reduce((n, f) => n + (statSync(join(dir, f)).isFile() ? statSync(join(dir, f)).size : 0), 0);
  const installed = bytes(join(project, 'node_modules'));
  const packages = readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.'));
  const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
  const section = [
    '## Package size',
    '',
    `Measured by \`npm run size\` (\`node scripts/package-size.mjs\`: \`npm pack --json\`, then \`npm install <tarball>\` in an empty project and the bytes of every file under its \`node_modules\`), ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| what | size | goal |',
    '| --- | ---: | --- |',
    `| tarball (${pack.entryCount} files) | ${mb(pack.size)} | |`,
    `| unpacked (\`unpackedSize\`) | ${mb(pack.unpackedSize)} | at most 2 MB |`,
    `| installed, with its dependencies (${packages.join(', ')}) | ${mb(installed)} | at most 6 MB |`,
    '',
  ].join('\n');
  const file = join(root, 'bench/RESULTS.md');
  const old = readFileSync(file, 'utf8');
  // Only this section is replaced: the ones after it belong to other benches.
  const at = old.indexOf('## Package size');
  const next = at < 0 ? -1 : old.indexOf('\n## ', at + 1);
  const before = (at < 0 ? old : old.slice(0, at)).trimEnd();
  const after = next < 0 ? '' : `\n${old.slice(next + 1)}`;
  writeFileSync(file, `${before}\n\n${section}${after}`);
  process.stdout.write(section);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
