// node bench/template-parse.mjs [--rounds N]: Handlebars' parser against ours (src/template/parse.ts)
// over every shipped template, each way in its own fresh process, interleaved: cold (each template
// parsed once, as `crisis validate` does) and warm (JIT settled). Prints a markdown table.
import { spawnSync } from 'node:child_process';
import { bundleEntry, root } from './bundle-entry.mjs';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 7;
const out = await bundleEntry('template-parse');

const MODES = ['cold-handlebars', 'cold-ours', 'warm-handlebars', 'warm-ours'];
const times = Object.fromEntries(MODES.map((m) => [m, []]));
let shape;
for (let r = 0; r <= rounds; r++)
  for (const mode of MODES) {
    const run = spawnSync(process.execPath, [out, root, mode], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    const got = JSON.parse(run.stdout);
    shape = got;
    if (r > 0) times[mode].push(got.ms); // round 0 warms the disk
  }
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(
  `| pass (${shape.templates} shipped templates, ${(shape.bytes / 1024).toFixed(0)} KB, ${rounds} rounds) | Handlebars ms/template | ours ms/template | faster |`,
);
console.log('| --- | ---: | ---: | ---: |');
for (const kind of ['cold', 'warm']) {
  const theirs = median(times[`${kind}-handlebars`]) / shape.templates;
  const ours = median(times[`${kind}-ours`]) / shape.templates;
  console.log(`| ${kind} | ${theirs.toFixed(4)} | ${ours.toFixed(4)} | ${(theirs / ours).toFixed(1)}x |`);
}
