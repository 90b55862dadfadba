// Rendering statements: what a customer would read, per format, language and channel.
import { describe, expect, it } from 'vitest';
import type { Config, Playbook, Statement, TemplateSet } from '../../src/playbook/model.js';
import { createRenderer, type IncidentView, type RenderResult } from '../../src/statement/render.js';
import { smsSegments } from '../../src/text/sms.js';

const FSI = '\u2068';
const PDI = '\u2069';

const CONFIG: Config = {
  organization: 'Acme Outdoor',
  support: { email: 'help@acme.example', url: 'https://acme.example/help' },
  timezone: 'Europe/Paris',
  languages: ['en', 'fr', 'he'],
  roster: { 'comms-lead': { name: 'Marc Dubois' } },
  discouraged_phrases: [],
};

const PB: Playbook = {
  id: 'checkout-down',
  title: 'Checkout is down',
  summary: 'Customers cannot pay.',
  severities: [{ id: 'sev1', label: 'Nobody can pay', cadence: '2h' }],
  default_severity: 'sev1',
  owners: { 'comms-lead': 'Approves statements' },
  inputs: [
    { id: 'answer', prompt: 'Anything', type: 'text' },
    { id: 'order', prompt: 'Order number', type: 'string' },
    { id: 'amount', prompt: 'Refund', type: 'number' },
    { id: 'fix_eta', prompt: 'When?', type: 'datetime' },
  ],
  steps: [],
  statements: [],
};

const INCIDENT: IncidentView = {
  id: '20260310-0900-checkout-down',
  title: 'Checkout is down',
  severity: PB.severities[0]!,
  stage: 'start',
  update_number: 0,
  started_at: '2026-03-10T10:00:00+01:00',
  now: '2026-03-10T10:00:00+01:00',
  next_update_at: '2026-03-10T12:00:00+01:00',
  changed: {},
  previous: {},
};

const statement = (channel: Statement['channel'], format?: Statement['format']): Statement => ({
  id: 'notice',
  channel,
  audience: 'affected-customers',
  owner: 'comms-lead',
  stages: ['start', 'resolve'],
  ...(format ? { format } : {}),
});

/** Renders one template (the same text in every language) with the given facts. */
function render(
  text: string,
  facts: Record<string, unknown>,
  opts: {
    channel?: Statement['channel'];
    format?: Statement['format'];
    lang?: string;
    incident?: Partial<IncidentView>;
    partials?: Record<string, string>;
  } = {},
): RenderResult {
  const lang = opts.lang ?? 'en';
  const templates: TemplateSet = {
    statements: { [`notice.${lang}`]: { file: `templates/checkout-down/notice.${lang}.hbs`, text } },
    partials: Object.fromEntries(Object.entries(opts.partials ?? {}).map(([k, t]) => [k, { file: `templates/partials/${k}.hbs`, text: t }])),
  };
  return createRenderer(PB, CONFIG, templates).render({
    statement: statement(opts.channel ?? 'email', opts.format),
    lang,
    facts,
    incident: { ...INCIDENT, ...opts.incident },
  });
}

function text(result: RenderResult): string {
  if (!result.ok) throw new Error(`render failed: ${result.issue.message}`);
  return result.rendered.text;
}

describe('escaping', () => {
  const answer = 'Tom & Jerry\'s <b>"deal"</b>';

  it('text and markdown statements print an answer as typed', () => {
    expect(text(render('Note: {{answer}}', { answer }, { channel: 'email' }))).toBe(`Note: ${answer}`);
    expect(text(render('Note: {{answer}}', { answer }, { channel: 'sms' }))).toBe(`Note: ${answer}`);
  });

  it('HTML statements escape what they print, inside their language and direction', () => {
    expect(text(render('<p>Note: {{answer}}</p>', { answer }, { channel: 'web-banner' }))).toBe(
      '<div lang="en" dir="ltr">\n<p>Note: Tom &amp; Jerry&#x27;s &lt;b&gt;&quot;deal&quot;&lt;/b&gt;</p>\n</div>',
    );
  });

  it('a <script> typed as an answer is escaped in HTML, and stays plain text elsewhere', () => {
    const answer = '<script>alert(1)</script>';
    const html = text(render('<p>{{answer}}</p>', { answer }, { channel: 'web-banner' }));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(text(render('{{answer}}', { answer }, { channel: 'social' }))).toBe(answer);
  });

  it('an answer that looks like a template is printed, never evaluated', () => {
    const answer = '{{org.organization}} {{#each x}}{{/each}} {{> help}}';
    expect(text(render('Said: {{answer}}', { answer }))).toBe(`Said: ${answer}`);
    expect(text(render('<p>{{answer}}</p>', { answer }, { channel: 'web-banner' }))).toContain('{{org.organization}} {{#each x}}{{/each}} {{&gt; help}}');
  });
});

describe('no silent blanks', () => {
  it('an unanswered optional input printed as is: render-empty, at its mustache, with a guard to add', () => {
    const result = render('Hello.\nWe expect a fix by {{fix_eta}}.', { fix_eta: null });
    expect(result).toEqual({
      ok: false,
      issue: {
        file: 'templates/checkout-down/notice.en.hbs',
        line: 2,
        col: 20,
        code: 'render-empty',
        severity: 'error',
        message: '{{fix_eta}} prints nothing here (en): the value is empty',
        hint: 'guard it: {{#if fix_eta}}...{{/if}}',
      },
    });
  });

  it('an input missing from the facts is null, and caught the same way', () => {
    expect(render('{{order}}', {})).toMatchObject({ ok: false, issue: { code: 'render-empty', line: 1, col: 1 } });
  });

  it('next_update_at is null at resolve: unguarded it fails, guarded it prints nothing', () => {
    const resolve = { stage: 'resolve' as const, next_update_at: null };
    expect(render('Fixed.\n  Next: {{incident.next_update_at}}', {}, { incident: resolve })).toMatchObject({
      ok: false,
      issue: { code: 'render-empty', line: 2, col: 9 },
    });
    expect(text(render('Fixed.{{#if incident.next_update_at}} Next: {{date incident.next_update_at "time"}}{{/if}}', {}, { incident: resolve }))).toBe(
      'Fixed.',
    );
  });

  it('a list or a yes/no printed raw', () => {
    expect(render('{{org.languages}}', {})).toMatchObject({
      ok: false,
      issue: { code: 'render-list', hint: 'use {{list org.languages}} or {{#each org.languages}}' },
    });
    expect(render('{{answer}}', { answer: true })).toMatchObject({ ok: false, issue: { code: 'render-boolean' } });
  });

  it('a failing helper is a located problem, not a throw', () => {
    const result = render('{{date answer}}', { answer: 'not a date' });
    expect(result).toMatchObject({
      ok: false,
      issue: { code: 'render-failed', file: 'templates/checkout-down/notice.en.hbs', message: expect.stringMatching(/^date: cannot read "not a date"/) },
    });
  });
});

describe('languages and scripts', () => {
  it('isolates a Latin value in Hebrew text (FSI ... PDI) and HTML (<bdi>), not a Hebrew one, and not in English', () => {
    expect(text(render('הזמנה {{order}} בוטלה', { order: 'ORD-1234' }, { lang: 'he' }))).toBe(`הזמנה ${FSI}ORD-1234${PDI} בוטלה`);
    expect(text(render('<p>הזמנה {{order}}</p>', { order: 'ORD-1234' }, { lang: 'he', channel: 'web-banner' }))).toBe(
      '<div lang="he" dir="rtl">\n<p>הזמנה <bdi>ORD-1234</bdi></p>\n</div>',
    );
    expect(text(render('הזמנה {{order}}', { order: 'מעיל חורף' }, { lang: 'he' }))).toBe('הזמנה מעיל חורף');
    expect(text(render('Order {{order}}', { order: 'ORD-1234' }))).toBe('Order ORD-1234');
  });

  it('does not put <bdi> inside an attribute', () => {
    const html = text(render('<a href="{{org.support.url}}">עזרה</a>', {}, { lang: 'he', channel: 'web-banner' }));
    expect(html).toBe('<div lang="he" dir="rtl">\n<a href="https://acme.example/help">עזרה</a>\n</div>');
  });

  it("numbers follow the statement's language", () => {
    expect(text(render('{{amount}}', { amount: 1234.5 }))).toBe('1,234.5');
    expect(text(render('{{amount}}', { amount: 1234.5 }, { lang: 'fr' }))).toBe('1\u202f234,5');
  });

  it("picks the partial of the statement's language, else the one without a language", () => {
    const partials = { 'help.en': 'Help: {{org.support.email}}', 'help.fr': 'Aide : {{org.support.email}}', sign: '{{owners.comms-lead.name}}' };
    expect(text(render('{{> help}} / {{> sign}}', {}, { partials }))).toBe('Help: help@acme.example / Marc Dubois');
    expect(text(render('{{> help}} / {{> sign}}', {}, { partials, lang: 'fr' }))).toBe('Aide : help@acme.example / Marc Dubois');
  });
});

describe('SMS', () => {
  it('turns the no-break spaces Intl puts in numbers and times into plain spaces, so French stays GSM-7', () => {
    const sms = text(
      render(
        'Remboursement {{amount}} EUR, {{money amount "EUR"}}, corrigé vers {{date fix_eta "time"}}.',
        { amount: 1234.5, fix_eta: '2026-03-10T16:30:00+01:00' },
        { channel: 'sms', lang: 'fr' },
      ),
    );
    expect(sms).toBe('Remboursement 1 234,5 EUR, 1 234,50 €, corrigé vers 16 h 30 UTC+1.');
    expect(smsSegments(sms).encoding).toBe('GSM-7');
    const en = text(render('Fixed by {{date fix_eta "time"}}', { fix_eta: '2026-03-10T16:30:00+01:00' }, { channel: 'sms' }));
    expect(en).toBe('Fixed by 4:30 PM GMT+1');
  });

  it("is one line: the template's line breaks become spaces", () => {
    expect(text(render('{{org.organization}}:\n  checkout fails.\n\nHelp: {{org.support.url}}\n', {}, { channel: 'sms' }))).toBe(
      'Acme Outdoor: checkout fails. Help: https://acme.example/help',
    );
  });
});

describe('what the guidance checks read', () => {
  it('the email subject is its first line when that is a heading', () => {
    const result = render('# Payments are failing\n\nSince 9:40, {{answer}}.', { answer: 'cards fail' });
    expect(result).toMatchObject({ ok: true, rendered: { subject: 'Payments are failing', format: 'markdown' } });
    const plain = render('Payments are failing', {});
    expect(plain.ok && 'subject' in plain.rendered).toBe(false);
  });

  it('records the facts a render read, through partials and blocks', () => {
    const result = render(
      '{{#if fix_eta}}{{date fix_eta "time"}}{{/if}} {{> help}} {{incident.next_update_at}}',
      { fix_eta: null },
      { partials: { help: '{{org.support.email}}' } },
    );
    if (!result.ok) throw new Error(result.issue.message);
    expect([...result.rendered.reads].filter((r) => !r.startsWith('owners')).sort()).toEqual([
      'fix_eta',
      'incident',
      'incident.next_update_at',
      'org',
      'org.support',
      'org.support.email',
    ]);
  });

  it('folds the blank lines a false branch leaves', () => {
    expect(text(render('A\n{{#if fix_eta}}\nB\n{{/if}}\n\n\n\nC', { fix_eta: null }))).toBe('A\n\nC');
  });
});

describe('helper errors', () => {
  it('point at the call, in the statement or in the partial it is inside', () => {
    const inStatement = render('Hello\n  {{date fix_eta "bogus"}}', { fix_eta: '2026-03-10T16:30:00+01:00' });
    expect(inStatement.ok ? null : inStatement.issue).toMatchObject({ file: 'templates/checkout-down/notice.en.hbs', line: 2, col: 3, code: 'render-failed' });
    const inPartial = render('Hello {{> eta}}', { fix_eta: '2026-03-10T16:30:00+01:00' }, { partials: { eta: 'By\n{{date fix_eta "bogus"}}' } });
    expect(inPartial.ok ? null : inPartial.issue).toMatchObject({ file: 'templates/partials/eta.hbs', line: 2, col: 1 });
  });

  it('a partial that does not parse is reported in its own file, at its line', () => {
    const broken = render('Hello {{> eta}}', {}, { partials: { eta: 'By\n{{#if fix_eta}}soon' } });
    expect(broken.ok ? null : broken.issue).toMatchObject({ file: 'templates/partials/eta.hbs', code: 'template-syntax' });
  });
});

describe('one renderer, a statement at each of its stages', () => {
  const templates = (text: string): TemplateSet => ({ statements: { 'notice.en': { file: 'templates/checkout-down/notice.en.hbs', text } }, partials: {} });
  const stages = (text: string, facts: Record<string, unknown> = {}) => {
    const renderer = createRenderer(PB, CONFIG, templates(text));
    return (
      [
        ['start', 0],
        ['update', 1],
        ['update', 2],
        ['resolve', 3],
      ] as const
    ).map(([stage, update_number]) => {
      const result = renderer.render({
        statement: statement('email'),
        lang: 'en',
        facts,
        incident: { ...INCIDENT, stage, update_number, ...(stage === 'resolve' ? { next_update_at: null } : {}) },
      });
      return result.ok ? `${result.rendered.stage}: ${result.rendered.text}` : `${stage}: ${result.issue.message}`;
    });
  };

  it('prints what changed from one stage to the next', () => {
    expect(stages('Update {{incident.update_number}} ({{incident.stage}})')).toEqual([
      'start: Update 0 (start)',
      'update: Update 1 (update)',
      'update: Update 2 (update)',
      'resolve: Update 3 (resolve)',
    ]);
    expect(stages('{{#each incident.severity}}{{@key}} {{/each}}{{#if incident.next_update_at}}next{{else}}closed{{/if}}')).toEqual([
      'start: id label cadence next',
      'update: id label cadence next',
      'update: id label cadence next',
      'resolve: id label cadence closed',
    ]);
  });

  it('gives the same text, under each stage, where nothing it reads changed', () => {
    expect(stages('Paid {{order}}.', { order: 'A-1' })).toEqual(['start: Paid A-1.', 'update: Paid A-1.', 'update: Paid A-1.', 'resolve: Paid A-1.']);
  });
});

describe('the organisation as statements see it', () => {
  it('calls us by short_name where set, by the organisation name otherwise', () => {
    expect(text(render('{{org.short_name}}', {}))).toBe('Acme Outdoor');
    const templates: TemplateSet = { statements: { 'notice.en': { file: 'notice.en.hbs', text: '{{org.short_name}} {{org.status_url}}' } }, partials: {} };
    const withKeys = createRenderer(PB, { ...CONFIG, short_name: 'Acme', status_url: 'https://status.acme.example' }, templates).render({
      statement: statement('sms'),
      lang: 'en',
      facts: {},
      incident: INCIDENT,
    });
    expect(text(withKeys)).toBe('Acme https://status.acme.example');
  });

  it('points customers to the support page when no status_url is set', () => {
    expect(text(render('{{org.status_url}}', {}))).toBe('https://acme.example/help');
  });
});

describe('links in HTML statements', () => {
  it('keep http(s), mailto and tel; a javascript: or data: value from an answer becomes #', () => {
    const link = (url: string) => text(render('<a href="{{answer}}">help</a>', { answer: url }, { channel: 'web-banner', format: 'html' }));
    expect(link('https://acme.example/help')).toContain('href="https://acme.example/help"');
    expect(link('mailto:help@acme.example')).toContain('href="mailto:help@acme.example"');
    expect(link('tel:+33123')).toContain('href="tel:+33123"');
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>x</b>', 'java\tscript:alert(1)'])
      expect(link(bad), bad).toContain('href="#"');
  });
});

describe('templates validate refuses are refused by the render too, at the same place', () => {
  const issueOf = (result: RenderResult) => (result.ok ? undefined : result.issue);
  it('an inherited name through lookup or @root, never a blank or a raw JavaScript error', () => {
    expect(issueOf(render('A{{#with (lookup this "constructor")}}{{name}}{{/with}}B', {}))).toMatchObject({
      file: 'templates/checkout-down/notice.en.hbs',
      line: 1,
    });
    const root = issueOf(render('{{@root.constructor.name}}', {}));
    expect(root).toMatchObject({ line: 1 });
    expect(root!.message).not.toMatch(/TypeError|undefined/);
  });

  it('a partial that includes itself, without blowing the stack', () => {
    const issue = issueOf(render('{{> loop}}', {}, { partials: { loop: 'again {{> loop}}' } }));
    expect(issue).toBeDefined();
    expect(issue!.message).not.toMatch(/call stack/i);
    expect(issue!.file).toMatch(/loop\.hbs$|notice\.en\.hbs$/);
  });
});
