// npm run bench: median wall times of the CLI against the `node -e 0` floor, measured in one run
// and interleaved (every round runs every case once), written to bench/RESULTS.md. Besides start-up,
// the growth curves on cases built from the shipped library (bench/cases.mjs): validate over 10 ->
// 500 playbooks (cold and warm), status over 10 -> 10,000 incidents, preview, update and resolve of
// an incident with 1 -> 500 updates, each with its cost per item, so a change of slope shows.
// Usage: node bench/run.mjs [--rounds N] [--quick] [--only <regex>]   (or BENCH_QUICK=1)
// --quick: fewer sizes and rounds (a few minutes on 2 cores instead of the better part of an hour).
// --only: the cases whose name matches (with the floor), printed and not written to RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { incidentCopies, libraryCopies, longIncident } from './cases.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/crisis.js');
const work = join(root, 'bench/.tmp');
const quick = process.argv.includes('--quick') || Boolean(process.env.BENCH_QUICK);
const roundsArg = process.argv.indexOf('--rounds');
const rounds = (roundsArg > 0 && Number(process.argv[roundsArg + 1])) || (quick ? 3 : 5);
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new RegExp(process.argv[onlyArg + 1]) : undefined;
const wanted = (name) => !only || only.test(name);
const NOW = '2026-03-10T10:00:00+01:00';
// After every event of the library cases (incidents started 08:00-17:59, the long incident's last update at 17:19).
const LATE = '2026-03-10T18:00:00+01:00';
const LANGS = ['en', 'fr', 'pl', 'he'];
const SIZES = quick
  ? { playbooks: [10, 50, 100], incidents: [10, 1000, 10000], updates: [1, 100, 500] }
  : { playbooks: [10, 50, 100, 250, 500], incidents: [10, 100, 1000, 10000], updates: [1, 10, 100, 500] };
// Peak RSS through GNU time when the machine has it (its own fork costs the floor as much as the CLI).
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const loadBefore = loadavg()[0];

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

/** A project of `playbooks` playbooks x `langs` languages x `statements` statements (tiny templates). */
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

const templatesIn = (dir) =>
  readdirSync(join(dir, 'templates'))
    .filter((d) => d !== 'partials')
    .reduce((n, d) => n + readdirSync(join(dir, 'templates', d)).filter((f) => f.endsWith('.hbs')).length, 0);

/**
 * What an incident folder holds at its top and in statements/, so a command that changes it (update,
 * resolve) can be undone between rounds: what it added is removed, what it rewrote written back.
 */
function snapshot(dir) {
  const files = new Map(
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [e.name, readFileSync(join(dir, e.name))]),
  );
  return { dir, files, stages: new Set(readdirSync(join(dir, 'statements'))) };
}
function restore({ dir, files, stages }) {
  for (const name of readdirSync(dir)) if (name !== 'statements' && !files.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
  for (const name of readdirSync(join(dir, 'statements'))) if (!stages.has(name)) rmSync(join(dir, 'statements', name), { recursive: true, force: true });
}

const node = (...args) => [process.execPath, ...args];
/** @type {{ name: string, argv: string[], cwd: string, env?: object, series?: string, n?: number, before?: () => void, after?: () => void }[]} */
const cases = [
  { name: 'node -e 0 (floor)', argv: node('-e', '0'), cwd: root },
  { name: 'crisis --help', argv: node(bin, '--help'), cwd: root },
  { name: 'crisis --version', argv: node(bin, '--version'), cwd: root },
  { name: 'validate: shipped library', argv: node(bin, 'validate', 'playbooks'), cwd: root, env: { CRISIS_CACHE_DIR: join(work, 'cache-shipped') } },
  {
    name: 'start --yes: 8 statements x 4 languages',
    argv: node(bin, 'start', 'crisis-0', '--yes', '--set', 'products=Parka,Gloves', '--out', join(work, 'start-out')),
    cwd: generate('start', 1, 4, 8),
    env: { CRISIS_CACHE_DIR: join(work, 'cache-start') },
    after: () => rmSync(join(work, 'start-out'), { recursive: true, force: true }),
  },
  {
    name: 'start --yes: 8 x 4, cold (nothing kept)',
    argv: node(bin, 'start', 'crisis-0', '--yes', '--set', 'products=Parka,Gloves', '--out', join(work, 'start-out')),
    cwd: join(work, 'start'),
    env: { CRISIS_CACHE_DIR: 'off' },
    after: () => rmSync(join(work, 'start-out'), { recursive: true, force: true }),
  },
];

// validate over copies of the shipped library: warm (the cache kept from the round before) and cold
// (an empty cache folder each run: the first run after the templates change, writing the cache too).
const templateCount = new Map();
for (const n of SIZES.playbooks) {
  if (!wanted(`validate: ${n} playbooks, cold`) && !wanted(`validate: ${n} playbooks, warm`)) continue;
  const dir = libraryCopies(root, join(work, `library-${n}`), n);
  templateCount.set(n, templatesIn(dir));
  const cold = join(work, `cache-library-${n}-cold`);
  cases.push(
    { name: `validate: ${n} playbooks, cold`, series: 'validate cold', n, argv: node(bin, 'validate'), cwd: dir, env: { CRISIS_CACHE_DIR: cold } },
    {
      name: `validate: ${n} playbooks, warm`,
      series: 'validate warm',
      n,
      argv: node(bin, 'validate'),
      cwd: dir,
      env: { CRISIS_CACHE_DIR: join(work, `cache-library-${n}`) },
    },
  );
  cases.at(-2).before = () => rmSync(cold, { recursive: true, force: true });
}
for (const n of SIZES.incidents) {
  if (!wanted(`status: ${n} incidents`)) continue;
  const dir = incidentCopies(root, bin, join(work, `incidents-${n}`), n);
  cases.push({
    name: `status: ${n} incidents`,
    series: 'status',
    n,
    argv: node(bin, 'status'),
    cwd: dir,
    env: { CRISIS_NOW: LATE, CRISIS_CACHE_DIR: join(work, 'cache-status') },
  });
}
for (const n of SIZES.updates) {
  if (!['preview', 'update', 'resolve'].some((c) => wanted(`${c}: incident with ${n} updates`))) continue;
  const { dir, incident } = longIncident(root, bin, join(work, `long-${n}`), n);
  const env = { CRISIS_NOW: LATE, CRISIS_CACHE_DIR: join(work, 'cache-long') };
  const folder = join(dir, 'incidents', incident);
  const kept = snapshot(folder);
  cases.push(
    {
      name: `preview: incident with ${n} updates`,
      series: 'preview',
      n,
      argv: node(bin, 'preview', incident, '--out', join(work, `preview-${n}.html`)),
      cwd: dir,
      env,
    },
    {
      name: `update: incident with ${n} updates`,
      series: 'update',
      n,
      argv: node(bin, 'update', incident, '--yes', '--set', 'orders_affected=999'),
      cwd: dir,
      env,
      after: () => restore(kept),
    },
    {
      name: `resolve: incident with ${n} updates`,
      series: 'resolve',
      n,
      argv: node(bin, 'resolve', incident, '--yes'),
      cwd: dir,
      env,
      after: () => restore(kept),
    },
  );
}

if (only) cases.splice(1, cases.length, ...cases.slice(1).filter((c) => wanted(c.name)));
const times = new Map(cases.map((c) => [c.name, []]));
const rss = new Map(cases.map((c) => [c.name, []]));
const rssFile = join(work, 'rss');
for (let r = 0; r < rounds + 1; r++) {
  for (const c of cases) {
    c.before?.();
    const argv = TIME ? [TIME, '-f', '%M', '-o', rssFile, ...c.argv] : c.argv;
    const t = process.hrtime.bigint();
    const res = spawnSync(argv[0], argv.slice(1), {
      cwd: c.cwd,
      env: { ...process.env, NO_COLOR: '1', CRISIS_NOW: NOW, ...c.env },
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (res.status !== 0 && !c.name.startsWith('validate')) throw new Error(`${c.name} exited ${res.status}: ${res.stderr}`);
    c.after?.();
    if (r === 0) continue; // round 0 warms the file cache and fills the parse caches
    times.get(c.name).push(ms);
    if (TIME) rss.get(c.name).push(Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024);
  }
  process.stderr.write(`round ${r}/${rounds} done\n`);
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const quartiles = (xs) => [sorted(xs)[Math.floor((xs.length - 1) / 4)], sorted(xs)[Math.ceil((3 * (xs.length - 1)) / 4)]];
// Each round's time over that round's floor: the machine's drift between rounds falls out, where a
// ratio of two medians would carry it (the floor alone moves between 77 and 123 ms here).
const floors = times.get(cases[0].name);
const row = (c) => {
  const ts = times.get(c.name);
  const ratios = ts.map((t, i) => t / floors[i]);
  return {
    ...c,
    m: median(ts),
    ratio: median(ratios),
    spread: quartiles(ratios),
    best: Math.min(...ts) / Math.min(...floors),
    rss: rss.get(c.name).length ? median(rss.get(c.name)) : NaN,
  };
};
const rows = cases.map(row);

const targets = {
  'crisis --help': 'within 1.4x',
  'crisis --version': 'at most 1.15x',
  'validate: shipped library': 'at most 5x',
  'start --yes: 8 statements x 4 languages': 'under 3x',
  [`status: ${SIZES.incidents.at(-1)} incidents`]: 'at most 6x',
  [`preview: incident with ${SIZES.updates.at(-1)} updates`]: 'at most 8x',
  [`validate: ${SIZES.playbooks.at(-1)} playbooks, cold`]: SIZES.playbooks.at(-1) === 500 ? 'at most 300 MiB' : '',
  [`validate: ${SIZES.playbooks.at(-1)} playbooks, warm`]: SIZES.playbooks.at(-1) === 500 ? 'at most 300 MiB' : '',
};
const mib = (x) => (Number.isNaN(x) ? '' : x.toFixed(0));

// A growth curve: per size, the cost of one item (time / items) and of one more item (the
// difference to the size before, over the items added, per round then the median), so a slope
// that changes shows even where start-up hides it in the totals.
const units = { 'validate cold': 'template', 'validate warm': 'template', status: 'incident', preview: 'update', update: 'update', resolve: 'update' };
const itemsOf = (series, n) => (series.startsWith('validate') ? templateCount.get(n) : n);
function growth(series) {
  const of = rows.filter((r) => r.series === series);
  const counted = series.startsWith('validate'); // playbooks, counted in templates
  const lines = of.map((r, i) => {
    const items = itemsOf(series, r.n);
    const prev = of[i - 1];
    const more = prev ? median(times.get(r.name).map((t, k) => (t - times.get(prev.name)[k]) / (items - itemsOf(series, prev.n)))) : undefined;
    return `| ${r.n} |${counted ? ` ${items} |` : ''} ${r.m.toFixed(0)} | ${r.ratio.toFixed(2)} | ${(r.m / items).toFixed(3)} | ${more === undefined ? '' : more.toFixed(3)} | ${mib(r.rss)} |`;
  });
  return [
    `| ${counted ? 'playbooks' : `${units[series]}s`} |${counted ? ` ${units[series]}s |` : ''} median ms | x floor | ms per ${units[series]} | ms per ${units[series]} added | peak RSS MiB |`,
    `| ---: |${counted ? ' ---: |' : ''} ---: | ---: | ---: | ---: | ---: |`,
    ...lines,
  ];
}

const command = `node bench/run.mjs${quick ? ' --quick' : ''}${roundsArg > 0 ? ` --rounds ${rounds}` : ''}`;
const loadAfter = loadavg()[0];
const md = [
  '# Benchmark results',
  '',
  `Measured by \`${quick ? 'npm run bench:quick' : 'npm run bench'}\` (\`${command}\`): ${rounds} interleaved rounds after one warm-up round, every case once a round,`,
  `wall time of the built \`bin/crisis.js\` run by \`node\` (never through npx), on ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  `Load average (1 min) when the run began: ${loadBefore.toFixed(2)}, when it ended: ${loadAfter.toFixed(2)}${
    Math.max(loadBefore, loadAfter) > 0.5
      ? ': the machine was shared with other work, so the ratios to the floor of the same round are what counts, not the milliseconds'
      : ''
  }.`,
  'Parses (config, playbooks, templates) are kept on disk (see the README, "Speed"): the warm-up round fills the cache, so the plain cases show warm runs; `cold` validate runs start from an empty cache folder each time (the first run after the templates change: parsing everything and writing the cache), `nothing kept` turns the cache off.',
  'The library cases are built by `bench/cases.mjs` from the shipped playbooks and templates: playbooks copied with unique ids and templates, incidents copied from one real `start`, a long incident from one real `update`.',
  '',
  "x floor is the median over rounds of the case's time over the same round's `node -e 0`; the middle half is the range of the middle half of those ratios; best is the fastest run over the fastest floor (what the machine gives without interference); peak RSS is the median over rounds of GNU time's maximum resident set size.",
  '',
  '| case | median ms | x floor | middle half | best | peak RSS MiB | target |',
  '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.m.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.spread[0].toFixed(2)}-${r.spread[1].toFixed(2)} | ${r.best.toFixed(2)} | ${mib(r.rss)} | ${targets[r.name] ?? ''} |`,
  ),
  '',
  '## Growth curves',
  '',
  'Per size: the cost of one item (median time over the items) and of one more item (per round, the difference to the size before over the items added; then the median).',
  '',
  `validate, cold (targets: at most 1.2 ms per template; memory flat, at most 300 MiB at 500 playbooks):`,
  '',
  ...growth('validate cold'),
  '',
  'validate, warm (target: at most 0.4 ms per template):',
  '',
  ...growth('validate warm'),
  '',
  'status (target: at most 6x the floor at 10,000 incidents):',
  '',
  ...growth('status'),
  '',
  'preview of one incident (target: at most 8x the floor at 500 updates):',
  '',
  ...growth('preview'),
  '',
  'update of one incident (target: cost independent of the history):',
  '',
  ...growth('update'),
  '',
  'resolve of one incident (target: cost independent of the history):',
  '',
  ...growth('resolve'),
  '',
];
// Keep the sections other scripts write (`npm run size`, `npm run bench:templates`).
const previous = existsSync(join(root, 'bench/RESULTS.md')) ? readFileSync(join(root, 'bench/RESULTS.md'), 'utf8') : '';
const sizes = previous.includes('## Package size') ? previous.slice(previous.indexOf('## Package size')) : '';
if (!only) writeFileSync(join(root, 'bench/RESULTS.md'), md.join('\n') + (sizes ? `\n${sizes}` : ''));
process.stdout.write(md.join('\n'));
rmSync(work, { recursive: true, force: true });
