// node bench/sync.mjs [--rounds N]: the cost of sharing through git, with the system's git and a
// bare repository as the remote.
// - sync: one incident with 200 new events on each side (4 updates with their statements, the
//   rest steps, sign-offs and deliveries), merged by the second responder to sync;
// - status: 1,000 incidents in a repository with 5,000 commits, where status also asks git what
//   is not yet shared; beside it, the same incidents outside any repository.
// Each against the `node -e 0` floor, interleaved; prints a markdown table (RESULTS.md's section).
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/crisis.js');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;
const tmp = mkdtempSync(join(tmpdir(), 'crisis-bench-sync-'));
const who = (name) => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NO_COLOR: '1',
  GIT_AUTHOR_NAME: name,
  GIT_AUTHOR_EMAIL: `${name}@acme.example`,
  GIT_COMMITTER_NAME: name,
  GIT_COMMITTER_EMAIL: `${name}@acme.example`,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  CRISIS_RESPONDER: name,
});
const git = (cwd, args, name = 'setup', input) => execFileSync('git', args, { cwd, env: who(name), encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
const crisis = (cwd, name, args, now) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...who(name), CRISIS_NOW: now }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`crisis ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};
const FACTS = ['--yes', '--set', 'outage_scope=checkout', '--set', 'outage_started_at=-20m', '--set', 'charges_status=not-charged'];
const paris = (h, m) => `2026-03-10T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+01:00`;

// --- sync: 200 events on each side -------------------------------------------------------------
const base = join(tmp, 'sync-base');
mkdirSync(base);
git(base, ['init', '-q', '--bare', '-b', 'main', 'remote.git']);
git(base, ['clone', '-q', 'remote.git', 'dana']);
const dana = join(base, 'dana');
writeFileSync(join(dana, 'crisis.config.yaml'), readFileSync(join(root, 'crisis.config.yaml'), 'utf8'));
writeFileSync(join(dana, '.gitattributes'), 'timeline.jsonl merge=union\n');
git(dana, ['add', '-A']);
git(dana, ['commit', '-q', '-m', 'project']);
const incident = crisis(dana, 'dana', ['start', 'site-outage', ...FACTS], paris(10, 0))
  .trimEnd()
  .split('\n')
  .at(-1)
  .split('/')
  .at(-1);
crisis(dana, 'dana', ['sync'], paris(10, 1));
git(base, ['clone', '-q', 'remote.git', 'marc']);
const marc = join(base, 'marc');
let seq = 0;
function twoHundredEvents(cwd, name, hour) {
  const timeline = join(cwd, 'incidents', incident, 'timeline.jsonl');
  const count = () => readFileSync(timeline, 'utf8').trim().split('\n').length;
  const start = count();
  for (let u = 0; u < 4; u++) crisis(cwd, name, ['update', incident, '--yes'], paris(hour, u * 10));
  crisis(cwd, name, ['approve', incident, '--as', 'comms-lead'], paris(hour, 45));
  // The rest as the record holds them: steps ticked and deliveries of the statements.
  const lines = [];
  for (let i = count() - start; i < 200; i++, seq++) {
    const at = paris(hour, 46 + (i % 13));
    const id = `01JP${String(seq).padStart(4, '0')}${name === 'dana' ? 'D' : 'M'}${'0'.repeat(17)}`.slice(0, 26);
    lines.push(
      JSON.stringify(
        i % 2
          ? { id, at, by: name, type: 'step', step: 'brief-support', status: 'done', note: `check ${i}` }
          : { id, at, by: name, type: 'publish-sent', delivery: `dlv_${String(i).padStart(32, '0')}`, response: 'HTTP 200' },
      ),
    );
  }
  appendFileSync(timeline, `${lines.join('\n')}\n`);
  return count() - start;
}
const added = [twoHundredEvents(dana, 'dana', 11), twoHundredEvents(marc, 'marc', 12)];
crisis(dana, 'dana', ['sync'], paris(13, 0)); // Dana shares first; Marc's sync then merges 200 + 200
const prepared = join(tmp, 'sync-prepared');
cpSync(base, prepared, { recursive: true });

// --- status: 1,000 incidents in a repository with 5,000 commits --------------------------------
const big = join(tmp, 'status-repo');
mkdirSync(big);
git(big, ['init', '-q', '-b', 'main']);
// 5,000 commits of playbook edits, through fast-import (a commit loop would take minutes).
let stream = '';
for (let i = 1; i <= 5000; i++) {
  const text = `edit ${i}\n`;
  stream += `commit refs/heads/main\ncommitter Setup <setup@acme.example> ${1700000000 + i} +0000\ndata 8\nedit ${String(i % 1000).padStart(3, '0')}\nM 644 inline notes/history.txt\ndata ${Buffer.byteLength(text)}\n${text}\n`;
}
git(big, ['fast-import', '--quiet'], 'setup', stream);
git(big, ['checkout', '-q', '-f', 'main']);
writeFileSync(join(big, 'crisis.config.yaml'), readFileSync(join(root, 'crisis.config.yaml'), 'utf8').replace(/^languages: .*$/m, 'languages: [en]'));
crisis(big, 'dana', ['start', 'site-outage', ...FACTS, '--out', 'seed'], paris(8, 0));
const seedName = readdirSync(join(big, 'seed'))[0];
const seed = join(big, 'seed', seedName);
const files = ['timeline.jsonl', 'incident.yaml', 'checklist.md'];
const texts = Object.fromEntries(files.map((f) => [f, readFileSync(join(seed, f), 'utf8')]));
for (let i = 0; i < 1000; i++) {
  const name = `20260310-0800-site-outage-${i}`;
  const to = join(big, 'incidents', name);
  cpSync(join(seed, 'statements'), join(to, 'statements'), { recursive: true });
  for (const f of files) writeFileSync(join(to, f), texts[f].replaceAll(seedName, name));
}
rmSync(join(big, 'seed'), { recursive: true, force: true });
git(big, ['add', '-A']);
git(big, ['commit', '-q', '-m', '1,000 incidents']);
// The last 10 incidents changed and not committed: what status reports as not yet shared.
for (let i = 990; i < 1000; i++) appendFileSync(join(big, 'incidents', `20260310-0800-site-outage-${i}`, 'checklist.md'), '\n');
git(tmp, ['init', '-q', '--bare', '-b', 'main', 'status-remote.git']);
git(big, ['remote', 'add', 'origin', join(tmp, 'status-remote.git')]);
git(big, ['push', '-q', '-u', 'origin', 'main']);
const outside = join(tmp, 'status-plain');
cpSync(big, outside, { recursive: true });
rmSync(join(outside, '.git'), { recursive: true, force: true });
const commits = git(big, ['rev-list', '--count', 'HEAD']).trim();

// --- measure, interleaved -----------------------------------------------------------------------
const timed = (cwd, args, env) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return { ms, out: r.stdout };
};
const CASES = {
  floor: () => timed(tmp, ['-e', '0'], who('x')).ms,
  sync: () => {
    rmSync(base, { recursive: true, force: true });
    cpSync(prepared, base, { recursive: true });
    const { ms, out } = timed(marc, [bin, 'sync'], { ...who('marc'), CRISIS_NOW: paris(13, 5) });
    if (!/Merged/.test(out)) throw new Error(`sync merged nothing: ${out}`);
    return ms;
  },
  status: () => {
    const { ms, out } = timed(big, [bin, 'status'], { ...who('dana'), CRISIS_NOW: paris(9, 0) });
    if (!/not yet shared/.test(out)) throw new Error('status did not report unshared work');
    return ms;
  },
  'status-plain': () => timed(outside, [bin, 'status'], { ...who('dana'), CRISIS_NOW: paris(9, 0) }).ms,
};
const times = Object.fromEntries(Object.keys(CASES).map((k) => [k, []]));
for (let r = 0; r <= rounds; r++) for (const [k, fn] of Object.entries(CASES)) r > 0 ? times[k].push(fn()) : fn();
rmSync(tmp, { recursive: true, force: true });
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const floor = median(times.floor);
const WHAT = {
  sync: `sync: one incident, ${added[0]} new events here and ${added[1]} there (4 updates each side), merged and pushed`,
  status: `status: 1,000 incidents in a repository with ${commits} commits (10 with unshared changes)`,
  'status-plain': 'status: the same 1,000 incidents outside any repository',
};
console.log(`| case (${rounds} rounds, interleaved) | median ms | x floor | min-max ms |`);
console.log('| --- | ---: | ---: | ---: |');
console.log(`| node -e 0 (the floor) | ${floor.toFixed(0)} | 1.00 | ${Math.min(...times.floor).toFixed(0)}-${Math.max(...times.floor).toFixed(0)} |`);
for (const [k, what] of Object.entries(WHAT)) {
  const m = median(times[k]);
  console.log(`| ${what} | ${m.toFixed(0)} | ${(m / floor).toFixed(2)} | ${Math.min(...times[k]).toFixed(0)}-${Math.max(...times[k]).toFixed(0)} |`);
}
