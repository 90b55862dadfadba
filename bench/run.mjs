// npm run bench: median wall times of the CLI against the `node -e 0` floor, measured in one run
// and interleaved (every round runs every case once), written to bench/RESULTS.md.
// Usage: node bench/run.mjs [--rounds N]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/crisis.js');
const work = join(root, 'bench/.tmp');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 15;
const NOW = '2026-03-10T10:00:00+01:00';
const LANGS = ['en', 'fr', 'pl', 'he'];

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

/** A project of `playbooks` playbooks x `langs` languages x `statements` statements. */
function generate(name, playbooks, langs, statements) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'playbooks'), { recursive: true });
  writeFileSync(
    join(dir, 'crisis.config.yaml'),
    [
      'organization: Bench Shop',
      'support: { email: help@bench.example, url: https://bench.example/help }',
      'timezone: Europe/Paris',
      `languages: [${LANGS.slice(0, langs).join(', ')}]`,
      'roster:',
      '  incident-lead: { name: Dana Levi }',
      '  comms-lead: { name: Marc Dubois }',
    ].join('\n') + '\n',
  );
  const channels = ['email', 'sms', 'social', 'web-banner', 'status-page', 'support-macro', 'phone-script', 'internal'];
  for (let p = 0; p < playbooks; p++) {
    const id = `crisis-${p}`;
    const stmts = Array.from(
      { length: statements },
      (_, i) => `  - { id: s${i}, channel: ${channels[i % channels.length]}, audience: customers, owner: comms-lead, stages: [start, update, resolve] }`,
    );
    writeFileSync(
      join(dir, 'playbooks', `${id}.yaml`),
      [
        `id: ${id}`,
        `title: Crisis ${p}`,
        'summary: A generated playbook.',
        'severities:',
        '  - { id: sev1, label: Bad, cadence: 1h }',
        '  - { id: sev2, label: Less bad, cadence: 4h }',
        'default_severity: sev2',
        'owners:',
        '  incident-lead: Runs it',
        '  comms-lead: Approves statements',
        'inputs:',
        '  - { id: products, prompt: Which products?, type: list, required: true, example: [Parka, Gloves] }',
        '  - { id: eta, prompt: When fixed?, type: datetime, example: "2026-03-10T16:30:00+01:00" }',
        'steps:',
        '  - { id: assess, phase: assess, owner: incident-lead, within: 30m, do: Assess. }',
        '  - { id: tell, phase: respond, owner: comms-lead, within: 1h, do: Tell customers. }',
        'statements:',
        ...stmts,
      ].join('\n') + '\n',
    );
    mkdirSync(join(dir, 'templates', id), { recursive: true });
    for (let i = 0; i < statements; i++)
      for (const lang of LANGS.slice(0, langs))
        writeFileSync(
          join(dir, 'templates', id, `s${i}.${lang}.hbs`),
          `{{list products}}: {{#if eta}}fix {{date eta "time"}}{{else}}no fix time yet{{/if}}.{{#if incident.next_update_at}} Next {{date incident.next_update_at "time"}}.{{/if}} {{org.support.url}}\n`,
        );
  }
  return dir;
}

/** 200 incident folders for `status`. */
function incidents(count) {
  const dir = generate('status-200', 1, 2, 2);
  for (let i = 0; i < count; i++) {
    const minute = String(i % 60).padStart(2, '0');
    const hour = String(8 + Math.floor(i / 60)).padStart(2, '0');
    const r = spawnSync(process.execPath, [bin, 'start', 'crisis-0', '--yes', '--set', 'products=Parka'], {
      cwd: dir,
      env: { ...process.env, CRISIS_NOW: `2026-03-10T${hour}:${minute}:00+01:00` },
    });
    if (r.status !== 0) throw new Error(`start failed: ${r.stderr}`);
  }
  return dir;
}

const shipped = root;
const cases = [
  ['node -e 0 (floor)', [process.execPath, '-e', '0'], root],
  ['crisis --help', [process.execPath, bin, '--help'], root],
  ['crisis --version', [process.execPath, bin, '--version'], root],
  ['validate: shipped library', [process.execPath, bin, 'validate', 'playbooks'], shipped],
  ...[10, 25, 50].map((n) => [`validate: ${n} playbooks x 4 languages x 8 statements`, [process.execPath, bin, 'validate'], generate(`p${n}`, n, 4, 8)]),
  ['validate: 50 playbooks x 2 languages x 3 statements', [process.execPath, bin, 'validate'], generate('p50-small', 50, 2, 3)],
  [
    'start --yes: 8 statements x 4 languages',
    [process.execPath, bin, 'start', 'crisis-0', '--yes', '--set', 'products=Parka,Gloves', '--out', join(work, 'start-out')],
    generate('start', 1, 4, 8),
  ],
  // The first run after templates change: nothing parsed is kept (the cache is off).
  ['validate: 50 x 2 x 3, cold (nothing kept)', [process.execPath, bin, 'validate'], join(work, 'p50-small'), { CRISIS_CACHE_DIR: 'off' }],
  [
    'start --yes: 8 x 4, cold (nothing kept)',
    [process.execPath, bin, 'start', 'crisis-0', '--yes', '--set', 'products=Parka,Gloves', '--out', join(work, 'start-out')],
    join(work, 'start'),
    { CRISIS_CACHE_DIR: 'off' },
  ],
  ['status: 200 incidents', [process.execPath, bin, 'status'], incidents(200)],
];
if (existsSync(join(root, 'src/commands/preview.ts')))
  cases.push([
    'preview: largest shipped playbook, 4 languages',
    [process.execPath, bin, 'preview', largestShipped(), '--out', join(work, 'preview.html')],
    root,
  ]);

function largestShipped() {
  const files = readdirSync(join(root, 'templates')).filter((d) => d !== 'partials');
  return files.map((d) => [d, readdirSync(join(root, 'templates', d)).length]).sort((a, b) => b[1] - a[1])[0][0];
}

const times = new Map(cases.map(([name]) => [name, []]));
for (let r = 0; r < rounds + 1; r++) {
  for (const [name, argv, cwd, extraEnv] of cases) {
    const t = process.hrtime.bigint();
    const res = spawnSync(argv[0], argv.slice(1), {
      cwd,
      env: { ...process.env, NO_COLOR: '1', CRISIS_NOW: NOW, ...extraEnv },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (res.status !== 0 && !name.startsWith('validate')) throw new Error(`${name} exited ${res.status}: ${res.stderr}`);
    if (r > 0) times.get(name).push(ms); // round 0 warms the file cache
  }
  rmSync(join(work, 'start-out'), { recursive: true, force: true });
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const quartiles = (xs) => [sorted(xs)[Math.floor((xs.length - 1) / 4)], sorted(xs)[Math.ceil((3 * (xs.length - 1)) / 4)]];
// Each round's time over that round's floor: the machine's drift between rounds falls out, where a
// ratio of two medians would carry it (the floor alone moves between 77 and 123 ms here).
const floors = times.get(cases[0][0]);
const rows = cases.map(([name]) => {
  const ratios = times.get(name).map((t, i) => t / floors[i]);
  return { name, m: median(times.get(name)), ratio: median(ratios), spread: quartiles(ratios), best: Math.min(...times.get(name)) / Math.min(...floors) };
});
// One more template, per round: (validate of n playbooks - validate of 10) / the templates added.
const slope = (n, from = 10) =>
  median(
    times
      .get(`validate: ${n} playbooks x 4 languages x 8 statements`)
      .map((t, i) => (t - times.get(`validate: ${from} playbooks x 4 languages x 8 statements`)[i]) / ((n - from) * 4 * 8)),
  );
const perTemplate = slope(50);

const targets = {
  'crisis --help': 'within 1.4x',
  'crisis --version': 'at most 1.15x',
  'validate: 50 playbooks x 2 languages x 3 statements': 'within 10x',
  'start --yes: 8 statements x 4 languages': 'under 3x',
  'status: 200 incidents': 'under 4x',
};
const md = [
  '# Benchmark results',
  '',
  `Measured by \`npm run bench\` (\`node bench/run.mjs --rounds ${rounds}\`): ${rounds} interleaved rounds after one warm-up round, every case once a round,`,
  `wall time of the built \`bin/crisis.js\` run by \`node\` (never through npx), on ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  'Parses (config, playbooks, templates) are kept on disk (see the README, "Speed"): the warm-up round fills the cache, so the plain cases show warm runs; the cold cases turn it off, as on a CI runner that does not keep `node_modules/.cache`.',
  '',
  "x floor is the median over rounds of the case's time over the same round's `node -e 0`; the middle half is the range of the middle half of those ratios; best is the fastest run over the fastest floor (what the machine gives without interference).",
  '',
  '| case | median ms | x floor | middle half | best | target |',
  '| --- | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.m.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.spread[0].toFixed(2)}-${r.spread[1].toFixed(2)} | ${r.best.toFixed(2)} | ${targets[r.name] ?? ''} |`,
  ),
  '',
  `Cost of one more template (validate, 10 -> 50 playbooks of 4 x 8 templates, median over rounds): ${perTemplate.toFixed(3)} ms (target: at most 1 ms, linear); 10 -> 25: ${slope(25).toFixed(3)} ms, 25 -> 50: ${slope(50, 25).toFixed(3)} ms.`,
  '',
];
// Keep the package size section that `npm run size` writes.
const previous = existsSync(join(root, 'bench/RESULTS.md')) ? readFileSync(join(root, 'bench/RESULTS.md'), 'utf8') : '';
const sizes = previous.includes('## Package size') ? previous.slice(previous.indexOf('## Package size')) : '';
writeFileSync(join(root, 'bench/RESULTS.md'), md.join('\n') + (sizes ? `\n${sizes}` : ''));
process.stdout.write(md.join('\n'));
rmSync(work, { recursive: true, force: true });
