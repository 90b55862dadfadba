// node bench/template-eval.mjs [--rounds N]: does our AST walk (src/template/eval.ts) still pay for
// itself against Handlebars' compiler? Every shipped statement rendered once per fresh process,
// each way, interleaved; prints a markdown table (the bench's RESULTS.md section).
import { spawnSync } from 'node:child_process';
import { bundleEntry, root } from './bundle-entry.mjs';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 9;
const out = await bundleEntry('template-eval');

const MODES = {
  'walk-cached': 'our walk, parses from the cache (a warm run)',
  walk: 'our walk, parsing too (a cold run)',
  compile: "Handlebars' compiler: compile + first render",
};
const times = Object.fromEntries(Object.keys(MODES).map((m) => [m, []]));
let templates = 0;
for (let r = 0; r <= rounds; r++)
  for (const mode of Object.keys(MODES)) {
    const run = spawnSync(process.execPath, [out, root, mode], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    const got = JSON.parse(run.stdout);
    templates = got.templates;
    if (r > 0) times[mode].push(got.ms); // round 0 warms the disk
  }
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const base = median(times.compile);
console.log(`| way (${templates} renders of the shipped statements, one fresh process each, ${rounds} rounds) | ms per pass | ms per render | vs compiler |`);
console.log('| --- | ---: | ---: | ---: |');
for (const [mode, what] of Object.entries(MODES)) {
  const m = median(times[mode]);
  console.log(`| ${what} | ${m.toFixed(1)} | ${(m / templates).toFixed(3)} | ${(m / base).toFixed(2)}x |`);
}
