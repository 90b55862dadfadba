// Statements are rendered by walking the Handlebars AST (src/core/template-eval.ts). Here the walk
// is held to Handlebars' own compiler, with the options crisis uses: the same text, or an error
// from both, for a table of constructs, for random templates, and for every shipped statement.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/playbook/config.js';
import { helpers } from '../../src/template/helpers.js';
import { formatOf, languagesOf, parsePlaybook } from '../../src/playbook/playbook.js';
import { buildContext } from '../../src/statement/render.js';
import { exampleFacts, testIncident } from '../../src/statement/checks.js';
import { BUILTIN_HELPER_FUNCTIONS, evaluate } from '../../src/template/eval.js';

const CONTEXT = {
  name: 'Ana',
  count: 0,
  n: 3,
  flag: true,
  off: false,
  nil: null,
  text: '',
  html: `<b class="x">Tom & 'Jerry'</b> = \`ok\``,
  items: ['parka', 'gloves'],
  empty: [],
  obj: { x: 1, y: 'two', z: null },
  nested: { deep: { v: 'z', list: [1, 2] } },
  people: [
    { name: 'Pia', tags: ['a', 'b'] },
    { name: 'Quinn', tags: [] },
  ],
};

const HELPERS: Record<string, (...args: any[]) => unknown> = {
  up: (s: unknown) => String(s).toUpperCase(),
  eq: (a: unknown, b: unknown) => a === b,
  bold: (s: unknown) => new Handlebars.SafeString(`<b>${Handlebars.Utils.escapeExpression(String(s))}</b>`),
  args: function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as { hash: unknown; data: { root: unknown; lang?: string } };
    return JSON.stringify({ args, hash: options.hash, lang: options.data.lang, self: typeof this });
  },
};

const PARTIALS: Record<string, string> = {
  line: 'Hi {{name}}',
  lines: 'one {{name}}\ntwo\n',
  ctx: '[{{x}}|{{y}}|{{@root.name}}]',
  nest: '{{#each items}}\n  {{> line}}\n{{/each}}',
  deep: '{{> ctx}}',
};

type Outcome = { ok: true; text: string } | { ok: false };

function viaCompiler(text: string, noEscape: boolean): Outcome {
  try {
    const hb = Handlebars.create();
    for (const [k, f] of Object.entries(HELPERS)) hb.registerHelper(k, f);
    const known = Object.fromEntries([...Object.keys(BUILTIN_HELPER_FUNCTIONS), ...Object.keys(HELPERS)].map((k) => [k, true]));
    const options = { strict: true, knownHelpers: known, knownHelpersOnly: true, noEscape };
    const partials = Object.fromEntries(Object.entries(PARTIALS).map(([k, t]) => [k, hb.compile(t, options)]));
    return { ok: true, text: hb.compile(text, options)(CONTEXT, { data: { lang: 'en' }, partials }) };
  } catch {
    return { ok: false };
  }
}

function viaWalk(text: string, noEscape: boolean): Outcome {
  try {
    const partial = (name: string) => (PARTIALS[name] === undefined ? undefined : { file: `${name}.hbs`, ast: Handlebars.parse(PARTIALS[name]!) });
    return {
      ok: true,
      text: evaluate(Handlebars.parse(text), CONTEXT, { helpers: { ...BUILTIN_HELPER_FUNCTIONS, ...HELPERS }, partial, noEscape, data: { lang: 'en' } }),
    };
  } catch {
    return { ok: false };
  }
}

const CASES = [
  'Plain text {{! a comment }}and {{!-- another --}}more',
  '{{name}} {{{html}}} {{html}} {{n}} {{count}} {{text}}',
  '{{obj.x}} {{obj.y}} {{nested.deep.v}} {{this.name}} {{./name}}',
  '{{#if flag}}yes{{else}}no{{/if}} {{#if off}}yes{{else}}no{{/if}} {{#if count}}c{{/if}} {{#if count includeZero=true}}zero{{/if}}',
  '{{#if empty}}full{{else}}empty{{/if}} {{#unless items}}none{{else}}some{{/unless}} {{#if nil}}x{{else if flag}}elif{{else}}z{{/if}}',
  '{{#each items}}{{@index}}:{{this}}{{#if @first}}(first){{/if}}{{#if @last}}(last){{/if}} {{/each}}',
  '{{#each obj}}{{@key}}={{this}};{{/each}} {{#each empty}}x{{else}}nothing{{/each}}',
  '{{#each people as |p i|}}{{i}} {{p.name}}: {{#each p.tags as |t|}}{{t}}{{p.name}}{{../p.name}}{{/each}} {{/each}}',
  '{{#each people}}{{name}} of {{../name}} / {{@root.name}} {{#each tags}}[{{this}} {{../name}} {{@../index}}]{{/each}}{{/each}}',
  '{{#with obj}}{{x}} {{y}} {{../name}}{{/with}} {{#with nil}}x{{else}}no obj{{/with}} {{#with nested as |n|}}{{n.deep.v}}{{/with}}',
  '{{lookup obj "y"}} {{lookup items 1}} {{lookup people.0 "name"}} {{#with (lookup people 1)}}{{name}}{{/with}}',
  '{{up name}} {{up (up obj.y)}} {{#if (eq n 3)}}three{{/if}} {{args n "s" 1.5 true null undefined k=name j=(up "x")}}',
  '{{bold html}} {{{bold name}}}',
  'A\n{{#if flag}}\n  B\n{{/if}}\n{{#each items}}\n- {{this}}\n{{/each}}\nC  {{~name~}}  D {{~#if flag~}} E {{~/if}}',
  'Start\n  {{> line}}\n  {{> lines}}\n{{> ctx obj}} {{> ctx obj y="over"}} {{> ctx x=name}}\n{{> nest}}\n{{> deep obj}}',
  '{{#> missing}}fallback {{name}}{{/missing}} {{#> line}}unused{{/line}}',
  '{{"name"}} {{true}}',
  '{{missing}}',
  '{{obj.missing}}',
  '{{nil.x}}',
  '{{up missing}}',
  '{{> nowhere}}',
  '{{#each nested.deep.list}}{{this.nope}}{{/each}}',
  '{{unknownHelper name}}',
  '{{#if}}x{{/if}}',
  '{{#each}}x{{/each}}',
  '{{@index}}',
  '{{#each items}}{{@key}}{{/each}}',
  '{{#obj}}{{x}}{{/obj}} {{#items}}[{{this}}]{{/items}} {{^empty}}inverted{{/empty}} {{#off}}x{{else}}off{{/off}}',
];

describe('walking the AST renders what Handlebars compiles', () => {
  it.each(CASES)('%s', (text) => {
    for (const noEscape of [false, true]) expect(viaWalk(text, noEscape)).toEqual(viaCompiler(text, noEscape));
  });

  it('for random templates', () => {
    const path = fc.constantFrom(
      'name',
      'n',
      'count',
      'flag',
      'off',
      'nil',
      'text',
      'html',
      'items',
      'empty',
      'obj',
      'obj.x',
      'obj.z',
      'nested.deep.v',
      'people',
      'this',
      '../name',
      '@root.name',
      '@index',
      '@first',
      '@key',
      'missing',
      'obj.missing',
      'p.name',
      'p',
      'i',
    );
    // Printed raw, two numbers or booleans side by side are added by Handlebars' compiled code
    // ({{{n}}}{{{flag}}} gives 4) and joined by the walk; crisis prints every value as text.
    const printable = fc.constantFrom(
      'name',
      'nil',
      'text',
      'html',
      'items',
      'empty',
      'obj',
      'obj.z',
      'nested.deep.v',
      'people',
      'this',
      '../name',
      '@root.name',
      '@key',
      'missing',
      'obj.missing',
      'p.name',
      'p',
    );
    const text = fc.constantFrom('', ' ', 'a', '\n', '  \n', 'x\n  ', '<', '&', '\t', 'é ש');
    const tmpl: fc.Memo<string> = fc.memo((d) => {
      const leaf = fc.oneof(
        text,
        printable.map((p) => `{{${p}}}`),
        printable.map((p) => `{{{${p}}}}`),
        printable.map((p) => `{{~${p}~}}`),
        path.map((p) => `{{up ${p}}}`),
        path.map((p) => `{{lookup obj "${p}"}}`),
        fc.constantFrom('{{> line}}', '\n  {{> lines}}\n', '{{> ctx obj}}', '{{! c }}'),
      );
      if (d <= 1) return leaf;
      const body = fc.array(tmpl(d - 1), { maxLength: 3 }).map((xs) => xs.join(''));
      return fc.oneof(
        leaf,
        fc.tuple(path, body, body).map(([p, a, b]) => `{{#if ${p}}}${a}{{else}}${b}{{/if}}`),
        fc.tuple(path, body).map(([p, a]) => `{{#unless ${p}}}${a}{{/unless}}`),
        fc.tuple(path, body, body).map(([p, a, b]) => `{{#each ${p}}}${a}{{else}}${b}{{/each}}`),
        fc.tuple(path, body).map(([p, a]) => `{{#each ${p} as |p i|}}${a}{{/each}}`),
        fc.tuple(path, body).map(([p, a]) => `{{#with ${p}}}${a}{{/with}}`),
        fc.tuple(path, body).map(([p, a]) => `\n{{#if ${p}}}\n${a}\n{{/if}}\n`),
      );
    });
    fc.assert(
      fc.property(tmpl(4), fc.boolean(), (t, noEscape) => {
        expect(viaWalk(t, noEscape)).toEqual(viaCompiler(t, noEscape));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('every shipped statement', () => {
  const root = join(import.meta.dirname, '../..');
  const config = parseConfig('crisis.config.yaml', readFileSync(join(root, 'crisis.config.yaml'), 'utf8')).config!;
  const partialDir = join(root, 'templates/partials');
  const partialText = Object.fromEntries(readdirSync(partialDir).map((f) => [f.replace(/\.hbs$/, ''), readFileSync(join(partialDir, f), 'utf8')]));
  const playbooks = readdirSync(join(root, 'playbooks')).map(
    (f) => parsePlaybook(f, readFileSync(join(root, 'playbooks', f), 'utf8'), 'shipped').loaded!.playbook,
  );

  it.each(playbooks.map((pb) => [pb.id, pb] as const))('%s renders the same through both', (_, pb) => {
    const facts = exampleFacts(pb, config, 'full');
    let compared = 0;
    for (const statement of pb.statements)
      for (const lang of languagesOf(pb, config))
        for (const stage of statement.stages) {
          const text = readFileSync(join(root, 'templates', pb.id, `${statement.id}.${lang}.hbs`), 'utf8');
          const noEscape = formatOf(statement) !== 'html';
          const data = { env: { lang, timeZone: config.timezone, format: formatOf(statement), channel: statement.channel } };
          const context = buildContext(pb, config, { statement, lang, facts, incident: testIncident(pb, config, stage) });
          const partialOf = (name: string) => partialText[`${name}.${lang}`] ?? partialText[name];
          const walked = evaluate(Handlebars.parse(text), context, {
            helpers: { ...BUILTIN_HELPER_FUNCTIONS, ...helpers },
            noEscape,
            data,
            partial: (name) => (partialOf(name) === undefined ? undefined : { file: name, ast: Handlebars.parse(partialOf(name)!) }),
          });
          const hb = Handlebars.create();
          for (const [k, f] of Object.entries(helpers)) hb.registerHelper(k, f);
          const options = { strict: true, noEscape, knownHelpers: Object.fromEntries(Object.keys(helpers).map((k) => [k, true])), knownHelpersOnly: true };
          const partials = Object.fromEntries(
            Object.keys(partialText).map((k) => [k.replace(`.${lang}`, ''), hb.compile(partialOf(k.replace(`.${lang}`, ''))!, options)]),
          );
          expect(walked, `${statement.id}.${lang} at ${stage}`).toBe(hb.compile(text, options)(context, { data, partials }));
          compared++;
        }
    expect(compared).toBeGreaterThan(10);
  });
});
