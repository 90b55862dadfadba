// The hand-written parser (src/template/parse.ts) held to Handlebars' own: the same AST (as the
// parse cache keeps it, JSON), or the same error, for every shipped template, a table of edge
// cases, random well-formed templates, random token soup and damaged shipped templates.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as handlebarsParse } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import { describe, expect, it } from 'vitest';
import { parseHandlebarsTemplate, tryFastParse } from '../../src/template/parse.js';

const ROOT = new URL('../..', import.meta.url).pathname;

const SHIPPED = ['templates', 'starter/templates'].flatMap((dir) =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.hbs'))
    .sort()
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') })),
);

type Outcome = { ast: unknown } | { error: string };
function outcome(parse: (text: string) => unknown, text: string): Outcome {
  try {
    return { ast: JSON.parse(JSON.stringify(parse(text))) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
const same = (text: string) => expect(outcome(parseHandlebarsTemplate, text)).toEqual(outcome(handlebarsParse, text));

describe('the shipped templates', () => {
  it('are all there', () => {
    expect(SHIPPED.length).toBeGreaterThan(100);
  });

  // The very JSON the parse cache keeps (so its entries stay valid), on the fast path.
  it.each(SHIPPED.map((s) => [s.file, s.text]))('%s parses to the AST Handlebars gives, on the fast path', (_file, text) => {
    const fast = tryFastParse(text);
    expect(fast).toBeDefined();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(handlebarsParse(text)));
  });
});

// Constructs the fast path handles: it must take them, and agree.
const FAST = [
  '',
  'plain text',
  '  \n\t ',
  '\n',
  '\r\n\r\n',
  '{{x}}',
  '{{{x}}}',
  '{{&x}}',
  '{{~x~}}',
  '{{~{x}~}}',
  '{{~&x~}}',
  ' a {{~x}} b {{x~}} c ',
  '  {{x}}  \n',
  '{{#if a}}\r\n  x\r\n{{else}}\r\n  y\r\n{{/if}}\r\n',
  '{{#if a}}\r  x\r{{^}}\r  y\r{{/if}}\r',
  '  {{#if a}}  \n  x\n  {{else}}  \n  y\n  {{/if}}  \n',
  '{{#if a}}x{{else if b}}y{{else if c}}z{{else}}w{{/if}}',
  '{{#if a}}\n  x\n{{else if b}}\n  y\n{{else}}\n  w\n{{/if}}\n',
  '{{#if a}}{{else if b}}{{else if c}}{{/if}}',
  '{{#if a}}x{{~else if b~}}y{{~^~}}z{{~/if~}}',
  '{{~#if a~}} x {{~else~}} y {{~/if~}}',
  '{{#if a}}x{{ else }}y{{/if}}',
  '{{#if a}}x{{~ else ~}}y{{/if}}',
  '{{#if a}}x{{else\n}}y{{/if}}',
  '{{^x}}a{{else}}b{{/x}}',
  '{{^x}}a{{^}}b{{/x}}',
  '{{#x}}a{{^}}b{{/x}}',
  '{{#x}}a{{^ }}b{{/x}}',
  '{{^x}}a{{/x}}',
  '{{#x}}{{/x}}',
  '{{#if a}}{{#each b}}{{#with c}}x{{/with}}{{/each}}{{/if}}',
  '{{#each xs as |x i|}}{{x}}{{i}}{{/each}}',
  '{{#each xs as | x |}}{{/each}}',
  '{{#each xs as\n|x|}}{{else}}none{{/each}}',
  '{{#with a as |b|}}{{b}}{{else with c as |d|}}{{d}}{{/with}}',
  '{{> p}}',
  '{{> p ctx key=v}}',
  '{{> p key="v" n=1}}',
  '{{> (name) a=1}}',
  '{{> "str"}}',
  '{{~> p ~}}',
  '  {{> p}}\n',
  '\t{{> p}}\r\n',
  'x\n  {{> p}}\ny',
  '{{! c }}',
  '{{!-- has }} inside --}}',
  '{{!-- has }}\n{{ inside --}}',
  '{{~!-- c --~}}',
  '{{!--}}',
  '{{!-}}',
  '{{!}}',
  '{{!-- a -- b --}}',
  ' {{! standalone }}\n',
  '  {{!-- standalone --}}  \r\n',
  '\\{{x}}',
  '\\\\{{x}}',
  '\\\\\\{{x}}',
  'a\\{{x}} b {{y}}',
  '\\{{x}}\\{{y}}',
  '\\{{x}}\\\\{{y}}',
  '\\{{x}}{{y}}',
  '\\{{',
  '\\{{{x}}}',
  '\\',
  'x\\',
  'x\\}}',
  '{{a.[b c].d}}',
  '{{[a\\]b]}}',
  '{{[a\\\\b]}}',
  '{{[x\ny]}}',
  '{{this.[x]}}',
  '{{foo.[bar]baz}}',
  '{{[this]}}',
  '{{[..]}}',
  '{{f -1 1.5 2 -0.5 0}}',
  '{{f true false null undefined}}',
  '{{f "a\\"b" \'c\\\'d\' "" \'\'}}',
  '{{f "}}" \'{{\'}}',
  '{{../x}}',
  '{{../../x.y}}',
  '{{this}}',
  '{{this/x}}',
  '{{./x}}',
  '{{.}}',
  '{{..}}',
  '{{@root.x}}',
  '{{@index}}',
  '{{@ index}}',
  '{{foo . bar}}',
  '{{foo .bar}}',
  '{{foo / bar}}',
  '{{f (g a b=c) k=(h 1 (i))}}',
  '{{f a=1 b="2" c=true d=null e=x.y f=@g}}',
  '{{f [a]=1}}',
  '{{true.x}}',
  '{{true}}',
  '{{1}}',
  '{{-1}}',
  '{{1.5.x}}',
  '{{"str"}}',
  '{{elsewhere}}',
  '{{asx}}',
  '{{f as}}',
  '{{ x }}',
  '{{\tx\n}}',
  'a\r\nb\rc\nd{{x}}\r\n{{y\r\n}}\r\n',
  '{{#if a}}\n{{else if b}}\n{{/if}}',
  '{{#"x"}}y{{/"x"}}',
  '{{#1}}y{{/1}}',
  'é ש {{x}} ☃',
  '{{f\u00a0x}}',
  '{{$x-y:z?}}',
];

// Anything else: the answer (an AST or an error) must be Handlebars'.
const OTHERS = [
  '{{',
  '{{x',
  '{{x}',
  '{{}}',
  '{{#if a}}',
  '{{/if}}',
  '{{#if a}}{{/unless}}',
  '{{#if a}}{{else if b}}{{/unless}}',
  '{{else}}',
  '{{^}}',
  '{{x}}}',
  '{{{x}}',
  '{{x}}}}',
  '{{foo/../bar}}',
  '{{foo/this}}',
  '{{{{raw}}}} {{x}} {{{{/raw}}}}',
  '{{*dec}}',
  '{{#*inline "p"}}x{{/inline}}',
  '{{#> p}}x{{/p}}',
  '{{#each xs as |[x]|}}{{/each}}',
  '{{#each xs as ||}}{{/each}}',
  '{{!-- unterminated',
  '{{! unterminated',
  '{{x "unterminated}}',
  '{{x=1}}',
  '{{a b=1 c}}',
  '{{a b=}}',
  '{{#x}}{{else}}{{else}}{{/x}}',
  '{{^x}}{{else if y}}{{/x}}',
  '{{#x}}{{else}}{{else if y}}{{/x}}',
  'a\0b',
  'a\u2028{{x}}',
  'a\u2029b',
  '{{(x)}}',
  '{{ ~x}}',
  '{{x ~}}',
  '{{x y as |z|}}',
  '{{{x}~}}',
  '{{x}~}',
  '{{x {{y}}',
  '{{x !}}',
  '{{x\u2028}}',
  '{{@}}',
  '{{a.}}',
  '{{a..b}}',
  '{{.a}}',
  '{{[unterminated}}',
  '{{> }}',
  '{{/x}}{{#x}}',
];

describe('edge cases', () => {
  it.each(FAST)('%j takes the fast path and agrees', (text) => {
    expect(tryFastParse(text)).toBeDefined();
    same(text);
  });

  it.each(OTHERS)('%j gives what Handlebars gives', (text) => {
    same(text);
  });
});

describe('random input', () => {
  const name = fc.constantFrom('x', 'a', 'if', 'each', 'with', 'unless', 'foo', 'else', 'as', 'true', 'this', 'up', 'lookup');
  // names that are words anywhere (`true` before a space is a literal, `else` after `{{` opens an else)
  const word = fc.constantFrom('x', 'a', 'if', 'each', 'with', 'foo', 'up', 'lookup');
  const path = fc.oneof(
    name,
    fc.constantFrom('x.y', 'x/y', '../x', '../../x.y', 'this', 'this.x', './x', '.', '..', '@index', '@root.x', 'x.[y z]', '[a b]', 'x.[0]', 'true.x'),
  );
  const literal = fc.constantFrom('"s"', "'s'", '"a\\"b"', '1', '-1', '1.5', '0', 'true', 'false', 'null', 'undefined', '""');
  const space = fc.constantFrom(' ', '  ', '\n', '\r\n', '\t', ' \r ');
  const tilde = fc.constantFrom('', '~');
  const expr: fc.Memo<string> = fc.memo((d) => {
    const leaf = fc.oneof(path, literal);
    if (d <= 1) return leaf;
    return fc.oneof(
      { arbitrary: leaf, weight: 3 },
      call(d - 1).map((c) => `(${c})`),
    );
  });
  const call = (d: number, head: fc.Arbitrary<string> = path) =>
    fc
      .tuple(head, fc.array(expr(d), { maxLength: 3 }), fc.array(fc.tuple(name, expr(d)), { maxLength: 2 }), space)
      .map(([p, params, hash, s]) => [p, ...params, ...hash.map(([k, v]) => `${k}=${v}`)].join(s));
  const blockParams = fc.option(
    fc.array(word, { minLength: 1, maxLength: 2 }).map((ns) => ` as |${ns.join(' ')}|`),
    { nil: '' },
  );
  const text = fc.constantFrom('', ' ', 'a', '\n', '  \n', '\r\n', '\r', ' \r\n  ', 'x\n  ', '\t', 'é ש', '\\{{x}}', '\\\\', '}}', '{', '}');
  const open = (o: string, t: string) => `{{${t}${o}`;
  const close = (t: string) => `${t}}}`;

  const tmpl: fc.Memo<string> = fc.memo((d) => {
    const leaf = fc.oneof(
      text,
      fc.tuple(tilde, call(2), tilde).map(([a, c, b]) => `${open('', a)}${c}${close(b)}`),
      fc.tuple(tilde, call(2), tilde).map(([a, c, b]) => `${open('{', a)}${c}}${close(b)}`),
      fc.tuple(tilde, call(1), tilde).map(([a, c, b]) => `${open('&', a)}${c}${close(b)}`),
      fc
        .tuple(
          tilde,
          fc.oneof(
            path,
            call(2).map((c) => `(${c})`),
          ),
          fc.array(expr(2), { maxLength: 2 }),
          tilde,
        )
        .map(([a, n, ps, b]) => `${open('> ', a)}${[n, ...ps].join(' ')}${close(b)}`),
      fc.tuple(tilde, fc.constantFrom(' c ', '', '-', ' }} ', '\n'), tilde).map(([a, c, b]) => `${open('!', a)}${c.includes('}}') ? '' : c}${close(b)}`),
      fc.tuple(tilde, fc.constantFrom(' c ', '', ' }} {{ ', '\n-\n'), tilde).map(([a, c, b]) => `${open('!--', a)}${c}--${close(b)}`),
    );
    if (d <= 1) return leaf;
    const body = fc.array(tmpl(d - 1), { maxLength: 3 }).map((xs) => xs.join(''));
    const padded = fc.tuple(fc.constantFrom('', '\n', '  \n', '\r\n', ' '), body, fc.constantFrom('', '\n', '\r\n', ' \n')).map(([a, b, c]) => a + b + c);
    const elseTag = fc.tuple(tilde, fc.constantFrom('else', '^', ' else ', '^ '), tilde).map(([a, e, b]) => `{{${a}${e}${b}}}`);
    const chain = fc.array(
      fc.tuple(tilde, call(1, word), blockParams, tilde, padded).map(([a, c, bp, b, p]) => `{{${a}else ${c}${bp}${b}}}${p}`),
      { maxLength: 2 },
    );
    const block = fc
      .tuple(
        tilde,
        fc.constantFrom('#', '^'),
        call(1, word),
        blockParams,
        tilde,
        padded,
        chain,
        fc.option(fc.tuple(elseTag, padded), { nil: undefined }),
        tilde,
        tilde,
      )
      .map(([a, kind, c, bp, b, p, ch, inv, ca, cb]) => {
        const helper = c.split(/\s/)[0]!;
        const chained = kind === '#' ? ch.join('') : '';
        return `{{${a}${kind}${c}${bp}${b}}}${p}${chained}${inv ? inv[0] + inv[1] : ''}{{${ca}/${helper}${cb}}}`;
      });
    return fc.oneof({ arbitrary: leaf, weight: 2 }, { arbitrary: block, weight: 1 });
  });

  it('well-formed templates: the same AST (or error), mostly on the fast path', () => {
    let runs = 0;
    let fast = 0;
    fc.assert(
      fc.property(fc.array(tmpl(4), { maxLength: 4 }), (parts) => {
        const t = parts.join('');
        runs++;
        if (tryFastParse(t)) fast++;
        same(t);
      }),
      { numRuns: 2000 },
    );
    expect(fast / runs).toBeGreaterThan(0.9);
  });

  const VOCABULARY = [
    '{{',
    '}}',
    '{{{',
    '}}}',
    '{{#',
    '{{/',
    '{{^',
    '{{&',
    '{{else}}',
    '{{else if x}}',
    '{{^}}',
    '~',
    '{{!',
    '{{!--',
    '--}}',
    '{{>',
    '\\{{',
    '\\\\{{',
    '\\',
    '"',
    "'",
    '(',
    ')',
    '=',
    '|',
    ' as ',
    'as |',
    '..',
    '/',
    '.',
    '@',
    '[',
    ']',
    'this',
    'x',
    'if',
    'each',
    'else',
    'a.b',
    '1',
    '-1',
    '1.5',
    'true',
    'null',
    'undefined',
    ' ',
    '  ',
    '\n',
    '\r\n',
    '\r',
    '\t',
    'text',
    '{{x}}',
    '{{#if x}}',
    '{{/if}}',
    '*',
    '-',
    '{{{{',
  ];

  it('token soup: the same AST, or the same error', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 24 }), (tokens) => {
        same(tokens.join(''));
      }),
      { numRuns: 10000 },
    );
  });

  it('damaged shipped templates: the same AST, or the same error', () => {
    const template = fc.constantFrom(...SHIPPED.map((s) => s.text));
    fc.assert(
      fc.property(template, fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...VOCABULARY, ''), (t, at, cut, insert) => {
        const pos = at % (t.length + 1);
        same(t.slice(0, pos) + insert + t.slice(pos + cut));
      }),
      { numRuns: 600 },
    );
  });
});
