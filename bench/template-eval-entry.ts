// One pass over every shipped statement (each playbook x language x stage), rendered one way, as
// a CLI run does it: each template once, in a fresh process. Prints the pass's milliseconds.
// Modes: walk-cached (our AST walk over parses already made, as with the parse cache),
// walk (Handlebars' parser + our walk), compile (Handlebars' compiler: compile + first render).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { parseConfig } from '../src/playbook/config.js';
import { formatOf, languagesOf, parsePlaybook } from '../src/playbook/playbook.js';
import { buildContext } from '../src/statement/render.js';
import { exampleFacts, testIncident } from '../src/statement/checks.js';
import { BUILTIN_HELPER_FUNCTIONS, evaluate } from '../src/template/eval.js';
import { helpers } from '../src/template/helpers.js';

const [root, mode] = process.argv.slice(2) as [string, 'walk-cached' | 'walk' | 'compile'];
const config = parseConfig('crisis.config.yaml', readFileSync(join(root, 'crisis.config.yaml'), 'utf8')).config!;
const partialDir = join(root, 'templates/partials');
const partialText = Object.fromEntries(readdirSync(partialDir).map((f) => [f.replace(/\.hbs$/, ''), readFileSync(join(partialDir, f), 'utf8')]));
const jobs = readdirSync(join(root, 'playbooks')).flatMap((f) => {
  const pb = parsePlaybook(f, readFileSync(join(root, 'playbooks', f), 'utf8'), 'shipped').loaded!.playbook;
  const facts = exampleFacts(pb, config, 'full');
  return pb.statements.flatMap((statement) =>
    languagesOf(pb, config).flatMap((lang) =>
      statement.stages.map((stage) => ({
        text: readFileSync(join(root, 'templates', pb.id, `${statement.id}.${lang}.hbs`), 'utf8'),
        lang,
        noEscape: formatOf(statement) !== 'html',
        data: { env: { lang, timeZone: config.timezone, format: formatOf(statement), channel: statement.channel } },
        context: buildContext(pb, config, { statement, lang, facts, incident: testIncident(pb, config, stage) }),
      })),
    ),
  );
});
const partialOf = (name: string, lang: string) => partialText[`${name}.${lang}`] ?? partialText[name];
// The parse cache hands the walk ASTs that are already made: make them before the clock starts.
const asts = mode === 'walk-cached' ? jobs.map((j) => Handlebars.parse(j.text)) : [];
const partialAsts = new Map<string, hbs.AST.Program>();
if (mode === 'walk-cached') for (const [k, t] of Object.entries(partialText)) partialAsts.set(k, Handlebars.parse(t));

let chars = 0;
const start = performance.now();
if (mode === 'compile') {
  const hb = Handlebars.create();
  for (const [k, f] of Object.entries(helpers)) hb.registerHelper(k, f);
  const known = Object.fromEntries(Object.keys(helpers).map((k) => [k, true]));
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const once = (text: string, noEscape: boolean) => {
    const key = `${noEscape}\u0000${text}`;
    if (!compiled.has(key)) compiled.set(key, hb.compile(text, { strict: true, noEscape, knownHelpers: known, knownHelpersOnly: true }));
    return compiled.get(key)!;
  };
  for (const j of jobs) {
    const partials = Object.fromEntries(
      Object.keys(partialText).map((k) => [k.replace(`.${j.lang}`, ''), once(partialOf(k.replace(`.${j.lang}`, ''), j.lang)!, j.noEscape)]),
    );
    chars += once(j.text, j.noEscape)(j.context, { data: j.data, partials }).length;
  }
} else {
  const parsed = new Map<string, hbs.AST.Program>();
  const parse = (key: string, text: string) => {
    if (mode === 'walk-cached' && partialAsts.has(key)) return partialAsts.get(key)!;
    if (!parsed.has(key)) parsed.set(key, Handlebars.parse(text));
    return parsed.get(key)!;
  };
  jobs.forEach((j, i) => {
    chars += evaluate(mode === 'walk-cached' ? asts[i]! : parse(`\u0000${j.text}`, j.text), j.context, {
      helpers: { ...BUILTIN_HELPER_FUNCTIONS, ...helpers },
      noEscape: j.noEscape,
      data: j.data,
      partial: (name) => {
        const key = partialText[`${name}.${j.lang}`] !== undefined ? `${name}.${j.lang}` : name;
        return partialText[key] === undefined ? undefined : { file: name, ast: parse(key, partialText[key]!) };
      },
    }).length;
  });
}
console.log(JSON.stringify({ ms: performance.now() - start, templates: jobs.length, chars }));
