// Parses every shipped template, one way, and prints the milliseconds as JSON.
// Modes: cold-* parse each template once (as a CLI run does, fresh process), warm-* repeat the pass
// until the JIT has settled and time the later passes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as handlebarsParse } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import { tryFastParse } from '../src/template/parse.js';

const [root, mode] = process.argv.slice(2) as [string, 'cold-handlebars' | 'cold-ours' | 'warm-handlebars' | 'warm-ours'];
const texts = ['templates', 'starter/templates'].flatMap((dir) =>
  readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => readFileSync(join(root, dir, f), 'utf8')),
);
const parse = mode.endsWith('ours')
  ? (text: string) => {
      // the fast path must be the one measured
      if (!tryFastParse(text)) throw new Error('fell back to Handlebars');
    }
  : handlebarsParse;
const pass = () => {
  const start = performance.now();
  for (const text of texts) parse(text);
  return performance.now() - start;
};
let ms: number;
if (mode.startsWith('cold')) ms = pass();
else {
  for (let i = 0; i < 20; i++) pass();
  const times = Array.from({ length: 20 }, pass).sort((a, b) => a - b);
  ms = times[times.length >> 1]!;
}
console.log(JSON.stringify({ templates: texts.length, bytes: texts.reduce((n, t) => n + t.length, 0), ms }));
