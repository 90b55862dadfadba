// Static checks of templates: every variable, helper and partial in scope, at its line and column.
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { HELPER_NAMES, pluralCategories } from '../../src/template/helpers.js';
import type { Playbook } from '../../src/playbook/model.js';
import { checkScope, parseTemplate, rootShape, type ParseResult } from '../../src/template/scope.js';

const PB: Playbook = {
  id: 'checkout-down',
  title: 'Checkout is down',
  summary: 'Customers cannot pay.',
  severities: [{ id: 'sev1', label: 'Nobody can pay', cadence: '30m' }],
  default_severity: 'sev1',
  owners: { 'incident-lead': 'Runs the response', 'comms-lead': 'Approves statements' },
  inputs: [
    { id: 'failing_methods', prompt: 'Which?', type: 'list', required: true },
    { id: 'orders_affected', prompt: 'How many?', type: 'number' },
    { id: 'fix_eta', prompt: 'When?', type: 'datetime' },
  ],
  steps: [],
  statements: [{ id: 'email', channel: 'email', audience: 'affected-customers', owner: 'comms-lead', stages: ['start'] }],
};

const PARTIALS: Record<string, string> = {
  'help.en': 'Questions? {{org.support.email}}',
  'help.fr': 'Des questions ? {{org.support.mail}}', // a mistake only the French partial makes
  signature: '{{owners.comms-lead.name}}',
  loop: 'again {{> loop}}',
  broken: '{{#if x}}',
};

/** `line:col code: message (hint)` for each issue of the template, checked as a statement in `lang`. */
function issues(text: string, lang = 'en'): string[] {
  return run(text, lang).issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.code}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`);
}

function run(text: string, lang = 'en', html = false) {
  const parsed = parseTemplate('t.hbs', text);
  if (!parsed.ok) throw new Error(`does not parse: ${parsed.issue.message}`);
  return checkScope(parsed.template, {
    root: rootShape(PB),
    helpers: HELPER_NAMES,
    pluralForms: pluralCategories(lang),
    html,
    partial: (name): ParseResult | undefined => {
      const text = PARTIALS[`${name}.${lang}`] ?? PARTIALS[name];
      return text === undefined ? undefined : parseTemplate(`partials/${PARTIALS[`${name}.${lang}`] ? `${name}.${lang}` : name}.hbs`, text);
    },
  });
}

describe('variables', () => {
  it('accepts every input, and what the contract puts in scope', () => {
    expect(
      issues(
        [
          '{{list failing_methods}} {{orders_affected}} {{#if fix_eta}}{{date fix_eta "time"}}{{/if}}',
          '{{org.organization}} {{org.support.email}} {{org.support.phone}} {{org.support.url}} {{org.timezone}} {{lang}}',
          '{{incident.id}} {{incident.title}} {{incident.stage}} {{incident.update_number}} {{incident.started_at}} {{incident.now}}',
          '{{incident.next_update_at}} {{incident.severity.id}} {{incident.severity.label}} {{duration incident.severity.cadence}}',
          '{{owners.incident-lead.name}} {{owners.comms-lead.contact}} {{owners.comms-lead.duty}}',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('an unknown variable, at its place, listing what is in scope', () => {
    expect(issues('Hello\n  we fix by {{date fix_time "time"}}.')).toEqual([
      't.hbs:2:20 template-unknown-variable: unknown variable "fix_time" (in scope: failing_methods, orders_affected, fix_eta, org, incident, owners, lang)',
    ]);
  });

  it('names objects inherit (constructor, toString) as unknown, where a render would print nothing', () => {
    expect(issues('{{constructor}} {{org.toString}} {{lookup incident "hasOwnProperty"}}').map((i) => i.split(' (')[0])).toEqual([
      't.hbs:1:3 template-unknown-variable: unknown variable "constructor"',
      't.hbs:1:19 template-unknown-variable: org has no "toString"',
      't.hbs:1:52 template-unknown-variable: incident has no "hasOwnProperty"',
    ]);
  });

  it('a misspelt field, with the path it probably means', () => {
    expect(issues('{{org.support.mail}}')).toEqual(['t.hbs:1:3 template-unknown-variable: org.support has no "mail" (did you mean "org.support.email"?)']);
    expect(issues('{{incident.next_update}}')).toEqual([
      't.hbs:1:3 template-unknown-variable: incident has no "next_update" (did you mean "incident.next_update_at"?)',
    ]);
  });

  it('a field of a list or of a plain value', () => {
    expect(issues('{{failing_methods.first}} {{lang.code}}')).toEqual([
      't.hbs:1:3 template-unknown-variable: "failing_methods.first": failing_methods has no fields (use {{list failing_methods}} or {{#each failing_methods}})',
      't.hbs:1:29 template-unknown-variable: "lang.code": lang has no fields',
    ]);
  });

  it('a role that is not among the owners', () => {
    expect(issues('{{owners.ceo.name}}')).toEqual(['t.hbs:1:3 template-unknown-variable: owners has no "ceo" (owners has: incident-lead, comms-lead)']);
  });

  it('checks variables inside helper arguments, hashes, sub-expressions and #if', () => {
    expect(issues('{{#if (eq incident.stag "resolve")}}x{{/if}}{{plural orders one=nope other="# orders"}}')).toEqual([
      't.hbs:1:11 template-unknown-variable: incident has no "stag" (did you mean "incident.stage"?)',
      // The start of one name beats another two edits away ("owners").
      't.hbs:1:54 template-unknown-variable: unknown variable "orders" (did you mean "orders_affected"?)',
      't.hbs:1:65 template-unknown-variable: unknown variable "nope" (in scope: failing_methods, orders_affected, fix_eta, org, incident, owners, lang)',
    ]);
  });

  it('records the facts a template reads, for the guidance checks', () => {
    const { references } = run(
      '{{list failing_methods}} {{org.support.url}} {{#if incident.next_update_at}}{{date incident.next_update_at}}{{/if}} {{> help}}',
    );
    expect([...references].sort()).toEqual(['failing_methods', 'incident.next_update_at', 'org.support.email', 'org.support.url']);
  });
});

describe('what would print wrong', () => {
  it('#each over a value that is not a list (it would print nothing)', () => {
    expect(issues('{{#each orders_affected}}x{{/each}} {{#each failing_methods}}{{this}}{{/each}}')).toEqual([
      't.hbs:1:9 template-each-not-list: #each over "orders_affected", which is not a list (iterate a list input, or print the value itself)',
    ]);
  });

  it('{{{ }}} in an HTML statement: an answer would become markup', () => {
    const html = (text: string) => run(text, 'en', true).issues.map((i) => `${i.line}:${i.col} ${i.code}: ${i.message}`);
    expect(html('<p>{{{org.organization}}}</p>\n<p>{{org.organization}}</p>')).toEqual([
      '1:4 template-unescaped: {{{org.organization}}} prints its value unescaped in an HTML statement',
    ]);
    expect(issues('{{{org.organization}}}')).toEqual([]); // text and markdown are not HTML-escaped anyway
  });
});

describe('helpers', () => {
  it("accepts the contract's helpers and the built-in blocks", () => {
    expect(
      issues(
        '{{date fix_eta}} {{number orders_affected}} {{money orders_affected "EUR"}} {{#unless (not fix_eta)}}x{{/unless}} {{#if (and fix_eta (gt orders_affected 1))}}y{{/if}}',
      ),
    ).toEqual([]);
  });

  it('an unknown helper, as a call or a sub-expression, with "did you mean" when one is close', () => {
    expect(issues('{{dat fix_eta}}\n{{#if (equals lang "fr")}}x{{/if}}')).toEqual([
      expect.stringMatching(
        /^t\.hbs:1:1 template-unknown-helper: unknown helper "dat" \(did you mean "date"\? helpers: if, unless, each, with, lookup, log, date, /,
      ),
      expect.stringMatching(/^t\.hbs:2:7 template-unknown-helper: unknown helper "equals" \(helpers: if, /),
    ]);
  });

  it('an unknown block helper', () => {
    expect(issues('{{#each_item failing_methods}}x{{/each_item}}')).toEqual([
      expect.stringMatching(/^t\.hbs:1:1 template-unknown-helper: unknown helper "each_item"/),
    ]);
  });
});

describe('partials', () => {
  it("finds the partial of the statement's language, and checks it where it is", () => {
    expect(issues('Hi\n{{> help}}', 'en')).toEqual([]);
    expect(issues('Salut\n{{> help}}', 'fr')).toEqual([
      'partials/help.fr.hbs:1:19 template-unknown-variable: org.support has no "mail" (did you mean "org.support.email"?)',
    ]);
  });

  it('falls back to the partial without a language', () => {
    expect(issues('{{> signature}}', 'pl')).toEqual([]);
  });

  it('an unknown partial, with where to create it', () => {
    expect(issues('x\n  {{> footer}}')).toEqual([
      't.hbs:2:3 template-unknown-partial: unknown partial "footer" (create templates/partials/footer.<lang>.hbs or footer.hbs)',
    ]);
  });

  it('a partial that includes itself, and one that does not parse, are problems rather than a hang or a throw', () => {
    expect(issues('{{> loop}}')).toEqual(['partials/loop.hbs:1:7 template-partial-cycle: partial "loop" includes itself (the chain: loop > loop)']);
    expect(issues('{{> broken}}')).toEqual([expect.stringMatching(/^partials\/broken\.hbs:1:\d+ template-syntax: template syntax: the template ends here/)]);
  });

  it('a dynamic partial is refused', () => {
    expect(issues('{{> (lookup . "name")}}')).toEqual([expect.stringContaining('t.hbs:1:1 template-dynamic-partial')]);
  });
});

describe('block contexts', () => {
  it('#each: the item is `this`, @index and friends exist, block params are names', () => {
    expect(issues('{{#each failing_methods}}{{this}} {{@index}} {{@first}} {{@last}}{{/each}}')).toEqual([]);
    expect(issues('{{#each failing_methods as |method i|}}{{i}}: {{method}}{{/each}}')).toEqual([]);
  });

  it("#each: a root name is not in the item's scope; ../ and @root reach it", () => {
    expect(issues('{{#each failing_methods}}{{org.organization}}{{/each}}')).toEqual([
      't.hbs:1:28 template-unknown-variable: "org.organization" is read from the current item here, which has no fields (reach the template\'s names from inside a block with @root.org.organization or ../org.organization)',
    ]);
    expect(issues('{{#each failing_methods}}{{../org.organization}} {{@root.org.support.url}} {{../lang}}{{/each}}')).toEqual([]);
  });

  it('../ one level too many climbs above the root', () => {
    expect(issues('{{#each failing_methods}}{{../../lang}}{{/each}}')).toEqual([
      't.hbs:1:28 template-unknown-variable: "../../lang" climbs above the template\'s root (remove a ../)',
    ]);
    expect(issues('{{../lang}}')).toEqual(['t.hbs:1:3 template-unknown-variable: "../lang" climbs above the template\'s root (remove a ../)']);
  });

  it('@index outside #each, and unknown data variables', () => {
    expect(issues('{{@index}} {{@root.nope}}')).toEqual([
      't.hbs:1:3 template-unknown-variable: unknown data variable "@index" (only @root is available outside #each)',
      't.hbs:1:14 template-unknown-variable: unknown variable "nope" (in scope: failing_methods, orders_affected, fix_eta, org, incident, owners, lang)',
    ]);
  });

  it('#with: the fields of what it opens', () => {
    expect(issues('{{#with org.support}}{{email}} {{url}}{{/with}}')).toEqual([]);
    expect(issues('{{#with org.support}}{{mail}}{{/with}}')).toEqual([
      't.hbs:1:24 template-unknown-variable: org.support has no "mail" (did you mean "email"?)',
    ]);
    expect(issues('{{#with incident.severity as |sev|}}{{sev.label}} {{sev.colour}}{{/with}}')).toEqual([
      't.hbs:1:53 template-unknown-variable: incident.severity has no "colour" (incident.severity has: id, label, cadence)',
    ]);
    expect(issues('{{#with incident.severity as |sev|}}{{sev.lable}}{{/with}}')).toEqual([
      't.hbs:1:39 template-unknown-variable: incident.severity has no "lable" (did you mean "sev.label"?)',
    ]);
  });

  it('the {{else}} of a block is in the outer scope', () => {
    expect(issues('{{#each failing_methods}}{{this}}{{else}}{{org.organization}}{{/each}}')).toEqual([]);
  });

  it('lookup: a role looked up by name must be an owner', () => {
    expect(issues('{{#with (lookup owners "comms-lead")}}{{name}}{{/with}}')).toEqual([]);
    expect(issues('{{#with (lookup owners "ceo")}}{{name}}{{/with}}')).toEqual([
      't.hbs:1:24 template-unknown-variable: owners has no "ceo" (it has: incident-lead, comms-lead)',
    ]);
    expect(issues('{{#with (lookup owners "comms-lead")}}{{nam}}{{/with}}')).toEqual([
      't.hbs:1:41 template-unknown-variable: owner has no "nam" (did you mean "name"?)',
    ]);
  });
});

describe('plural forms per language', () => {
  const plural = '{{plural orders_affected one="# order" other="# orders"}}';

  it('English needs one and other', () => {
    expect(issues(plural, 'en')).toEqual([]);
    expect(issues('{{plural orders_affected other="# orders"}}', 'en')).toEqual([
      't.hbs:1:1 template-plural-forms: plural lacks the "one" form this language needs (this language distinguishes: one, other; add one="...")',
    ]);
  });

  it('Polish also needs few and many; the same words are not enough', () => {
    expect(pluralCategories('pl')).toEqual(['one', 'few', 'many', 'other']);
    expect(issues(plural, 'pl')).toEqual([
      't.hbs:1:1 template-plural-forms: plural lacks the "few", "many" forms this language needs (this language distinguishes: one, few, many, other; add few="..." many="...")',
    ]);
    expect(issues('{{plural orders_affected one="# zamówienie" few="# zamówienia" many="# zamówień" other="# zamówienia"}}', 'pl')).toEqual([]);
  });

  it('Hebrew needs the forms Intl gives it', () => {
    const forms = pluralCategories('he');
    expect(forms).toContain('two');
    const given = forms.map((f) => `${f}="# x"`).join(' ');
    expect(issues(`{{plural orders_affected ${given}}}`, 'he')).toEqual([]);
    expect(issues(plural, 'he')).toEqual([expect.stringContaining('"two"')]);
  });
});

describe('parseTemplate', () => {
  const syntax = (text: string) => {
    const r = parseTemplate('t.hbs', text);
    if (r.ok) throw new Error('parsed');
    return `${r.issue.line}:${r.issue.col} ${r.issue.message}${r.issue.hint ? ` (${r.issue.hint})` : ''}`;
  };

  it('a broken mustache, at the character, in words', () => {
    expect(syntax('Hello\nSince {{date detected_at "time"}, payments fail.')).toBe(
      '2:32 template syntax: unexpected "}"; expected }}, }}}, an argument or ) (check the {{ }} on this line)',
    );
  });

  it("a long line: the column is still the character's", () => {
    expect(syntax(`${'x'.repeat(60)} {{date fix_eta "time"}} and {{#if y}`)).toMatch(/^1:97 template syntax: unexpected "}"/);
  });

  it('an unclosed block', () => {
    expect(syntax('{{#if fix_eta}}\nWe fix it.\n')).toBe(
      '3:1 template syntax: the template ends here; expected {{else}} or {{/...}} (close every {{#block}} with its {{/block}})',
    );
  });

  it('a block closed by the wrong name', () => {
    expect(syntax('x\n  {{#if a}}b{{/each}}')).toBe('2:6 template syntax: {{#if}} is closed by {{/each}} (close it with {{/if}})');
  });

  it('a stray {{/if}} or a second {{else}}', () => {
    expect(syntax('a\n{{/if}}')).toBe('2:1 template syntax: unexpected "{{/if}}"; expected the end of the template (check the {{ }} on this line)');
    expect(syntax('{{#if a}}x{{else}}y{{else}}z{{/if}}')).toBe('1:20 template syntax: unexpected "{{else}}"; expected {{/...}} (check the {{ }} on this line)');
  });
});

describe('optional facts printed where nothing tests them', () => {
  const blanks = (text: string) => {
    const parsed = parseTemplate('t.hbs', text);
    if (!parsed.ok) throw new Error(parsed.issue.message);
    const report = checkScope(parsed.template, {
      root: rootShape(PB),
      helpers: HELPER_NAMES,
      optional: new Set(['orders_affected', 'fix_eta']),
      partial: (name) => (name === 'eta' ? parseTemplate('eta.hbs', 'by {{date fix_eta "time"}}') : undefined),
    });
    return report.issues.filter((i) => i.code === 'render-empty').map((i) => `${i.file}:${i.line}:${i.col} ${i.message}`);
  };

  it('are found, directly, through a helper, or in a partial, at their place', () => {
    expect(blanks('{{failing_methods.length}} {{orders_affected}}')).toEqual([
      't.hbs:1:28 {{orders_affected}} prints nothing when "orders_affected" is not answered (an optional fact)',
    ]);
    expect(blanks('Fix\n  {{date fix_eta "time"}}')).toEqual([
      't.hbs:2:3 {{date fix_eta "time"}} prints nothing when "fix_eta" is not answered (an optional fact)',
    ]);
    expect(blanks('Fix {{> eta}}')).toEqual(['eta.hbs:1:4 {{date fix_eta "time"}} prints nothing when "fix_eta" is not answered (an optional fact)']);
  });

  it('are fine inside a block that tests them, however it tests them', () => {
    expect(blanks('{{#if fix_eta}}{{date fix_eta "time"}}{{/if}}')).toEqual([]);
    expect(blanks('{{#if (gt orders_affected 0)}}{{plural orders_affected one="# order" other="# orders"}}{{/if}}')).toEqual([]);
    expect(blanks('{{#if fix_eta}}{{> eta}}{{/if}}')).toEqual([]);
    expect(blanks('{{#with fix_eta}}{{this}}{{/with}}')).toEqual([]);
  });
});

describe('parsed templates kept between runs', () => {
  const memory = () => {
    const kept = new Map<string, string>();
    return { kept, cache: { get: (k: string) => kept.get(k), set: (k: string, v: string) => void kept.set(k, v) } };
  };
  const printed = (r: ReturnType<typeof parseTemplate>) =>
    r.ok ? ((r.template.ast.body[0] as hbs.AST.MustacheStatement).path as hbs.AST.PathExpression).original : r.issue.message;

  it('serves the kept parse of the same text, and never a stale one for an edited template', () => {
    const { kept, cache } = memory();
    expect(printed(parseTemplate('a.hbs', '{{eta}}', cache))).toBe('eta');
    expect(kept.size).toBe(1);
    kept.set([...kept.keys()][0]!, JSON.stringify(Handlebars.parse('{{kept}}')));
    expect(printed(parseTemplate('a.hbs', '{{eta}}', cache))).toBe('kept');
    expect(printed(parseTemplate('a.hbs', '{{new_eta}}', cache))).toBe('new_eta');
  });

  it('parses again over a damaged entry, and keeps no broken template', () => {
    const { kept, cache } = memory();
    parseTemplate('a.hbs', '{{eta}}', cache);
    kept.set([...kept.keys()][0]!, '{"type":"Prog');
    expect(printed(parseTemplate('a.hbs', '{{eta}}', cache))).toBe('eta');
    expect(parseTemplate('b.hbs', '{{#if x}}', cache).ok).toBe(false);
    expect(kept.size).toBe(1);
  });
});

describe('links in HTML statements', () => {
  const links = (text: string) =>
    run(text, 'en', true)
      .issues.filter((i) => i.code === 'link-from-fact')
      .map((i) => `${i.line}:${i.col} ${i.message} (${i.hint})`);
  it("a link built from a fact without {{url}} is a warning at its mustache; the config's addresses and url-checked facts are not", () => {
    expect(links('<a href="{{failing_methods}}">x</a>')).toEqual([
      '1:10 a link is built from {{failing_methods}}: a value that is not an http(s), mailto or tel address renders as "#" (check it: href="{{url failing_methods}}" (or link to org.support.url, org.status_url))',
    ]);
    expect(links('<a href="{{url failing_methods}}">x</a> <a href="{{org.support.url}}">help</a> <img src=\'{{org.status_url}}\'>')).toEqual([]);
    expect(links('<p>{{failing_methods}}</p>')).toEqual([]);
  });
});
