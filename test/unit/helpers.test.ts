import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { HELPER_NAMES, helpers, pluralCategories, type RenderEnv } from '../../src/template/helpers.js';
import { smsSegments } from '../../src/text/sms.js';

const FSI = '\u2068';
const PDI = '\u2069';
const NBSP = '\u00a0';
const NNBSP = '\u202f';
const RLM = '\u200f';

function env(lang: string, overrides: Partial<RenderEnv> = {}): RenderEnv {
  return { lang, timeZone: 'Europe/Paris', format: 'text', channel: 'email', ...overrides };
}

/** Calls a helper the way Handlebars does: positional params, then the options object. */
function call(name: string, e: RenderEnv, params: unknown[], hash: Record<string, unknown> = {}): unknown {
  const fn = helpers[name];
  if (!fn) throw new Error(`no helper ${name}`);
  return fn(...params, { hash, data: { env: e } });
}

/** A real Handlebars render with every helper registered, as the renderer does it. */
function render(source: string, context: object, e: RenderEnv): string {
  const hbs = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hbs.registerHelper(name, fn);
  const template = hbs.compile(source, { noEscape: e.format !== 'html', strict: true });
  return template(context, { data: { env: e } });
}

const ETA = '2026-12-03T15:30:00Z'; // 16:30 in Paris
const ETA_OFFSET = '2026-12-03T16:30:00+01:00';

describe('HELPER_NAMES', () => {
  it('lists every helper of the contract', () => {
    expect([...HELPER_NAMES].sort()).toEqual(['and', 'date', 'duration', 'eq', 'gt', 'list', 'lt', 'money', 'not', 'number', 'or', 'plural', 'url'].sort());
  });
});

describe('date', () => {
  const styles = (lang: string) => ['date', 'time', 'datetime', 'long'].map((style) => call('date', env(lang), [ETA, style]));

  it('writes an early hour in datetime as the language writes it in a time (3 h 10 in French, 3:10 AM in English)', () => {
    const early = '2026-11-24T03:10:00+01:00';
    expect(String(call('date', env('fr'), [early, 'datetime']))).toBe(`mardi 24 novembre à 3${NBSP}h${NBSP}10 UTC+1`);
    expect(String(call('date', env('fr'), [early, 'time']))).toBe(`3${NBSP}h${NBSP}10 UTC+1`);
    expect(call('date', env('en'), [early, 'datetime'])).toMatch(/^Tuesday, November 24 at 3:10\sAM GMT\+1$/);
  });

  it('writes the first of the month "1er" in French, and a time on the hour "9 h"', () => {
    expect(call('date', env('fr'), ['2026-12-01'])).toBe('1er décembre 2026');
    expect(call('date', env('fr'), ['2026-12-01', 'long'])).toBe('mardi 1er décembre 2026');
    expect(call('date', env('fr'), ['2026-12-01T09:00:00+01:00', 'datetime'])).toBe(`mardi 1er décembre à 9${NBSP}h UTC+1`);
    expect(call('date', env('fr'), ['2026-12-11'])).toBe('11 décembre 2026');
    expect(call('date', env('en'), ['2026-12-01'])).toBe('December 1, 2026');
    expect(call('date', env('fr'), ['2026-12-01T09:20:00+01:00', 'daytime'])).toBe(`1er décembre à 9${NBSP}h${NBSP}20 UTC+1`);
  });

  it('formats in English', () => {
    expect(styles('en').map((s) => String(s).replace(/\s/g, ' '))).toEqual([
      'December 3, 2026',
      '4:30 PM GMT+1',
      'Thursday, December 3 at 4:30 PM GMT+1',
      'Thursday, December 3, 2026',
    ]);
  });

  it('formats in French', () => {
    expect(styles('fr')).toEqual(['3 décembre 2026', `16${NBSP}h${NBSP}30 UTC+1`, `jeudi 3 décembre à 16${NBSP}h${NBSP}30 UTC+1`, 'jeudi 3 décembre 2026']);
  });

  it('formats in Polish', () => {
    expect(styles('pl')).toEqual(['3 grudnia 2026', '16:30 CET', 'czwartek, 3 grudnia 16:30 CET', 'czwartek, 3 grudnia 2026']);
  });

  it('formats in Hebrew', () => {
    expect(styles('he').map((s) => String(s).replace(/\u200e/g, ''))).toEqual([
      '3 בדצמבר 2026',
      '16:30 GMT+1',
      'יום חמישי, 3 בדצמבר בשעה 16:30 GMT+1',
      'יום חמישי, 3 בדצמבר 2026',
    ]);
  });

  it('defaults to the date style', () => {
    expect(call('date', env('en'), [ETA])).toBe('December 3, 2026');
  });

  it('shows the instant in the configured timezone, summer time included', () => {
    expect(call('date', env('fr'), [ETA_OFFSET, 'time'])).toBe(`16${NBSP}h${NBSP}30 UTC+1`);
    expect(call('date', env('fr'), ['2026-07-01T12:00:00Z', 'time'])).toBe(`14${NBSP}h UTC+2`);
    expect(String(call('date', env('en', { timeZone: 'America/New_York' }), [ETA, 'time'])).replace(/\s/g, ' ')).toBe('10:30 AM EST');
    expect(call('date', env('fr'), [new Date(ETA), 'datetime'])).toBe(`jeudi 3 décembre à 16${NBSP}h${NBSP}30 UTC+1`);
  });

  it('shows a calendar date as that day in any timezone', () => {
    for (const timeZone of ['Europe/Paris', 'Pacific/Honolulu', 'Pacific/Kiritimati']) {
      expect(call('date', env('en', { timeZone }), ['2026-12-03'])).toBe('December 3, 2026');
      expect(call('date', env('fr', { timeZone }), ['2026-12-03', 'long'])).toBe('jeudi 3 décembre 2026');
    }
  });

  it('refuses what it cannot read, saying what it expected', () => {
    expect(() => call('date', env('en'), [ETA, 'short'])).toThrow('date: unknown style "short"; use one of date, time, datetime, long, daytime');
    expect(() => call('date', env('en'), ['next week'])).toThrow(/cannot read "next week" as a date/);
    expect(() => call('date', env('en'), ['2026-12-03T16:30'])).toThrow(/with its offset/); // whose 16:30?
    expect(() => call('date', env('en'), ['2026-02-30'])).toThrow(/cannot read "2026-02-30"/);
    expect(() => call('date', env('en'), [null])).toThrow(/cannot read nothing \(an unanswered input\?/);
    expect(() => call('date', env('en'), ['2026-12-03', 'time'])).toThrow(/is a date without a time/);
    expect(() => call('date', env('en'), [])).toThrow('date: expected 1 to 2 arguments, got 0');
  });
});

describe('list', () => {
  const methods = ['Visa', 'PayPal'];

  it('joins with "and" in each language', () => {
    expect(call('list', env('en'), [methods])).toBe('Visa and PayPal');
    expect(call('list', env('en'), [['Visa', 'PayPal', 'Amex']])).toBe('Visa, PayPal, and Amex');
    expect(call('list', env('fr'), [methods])).toBe('Visa et PayPal');
    expect(call('list', env('pl'), [methods])).toBe('Visa i PayPal');
  });

  it('joins with "or" for a disjunction', () => {
    expect(call('list', env('en'), [methods, 'disjunction'])).toBe('Visa or PayPal');
    expect(call('list', env('fr'), [methods, 'disjunction'])).toBe('Visa ou PayPal');
    expect(call('list', env('pl'), [methods, 'disjunction'])).toBe('Visa lub PayPal');
  });

  it('isolates each Latin item in Hebrew text', () => {
    expect(call('list', env('he'), [methods])).toBe(`${FSI}Visa${PDI} ו-${FSI}PayPal${PDI}`);
    expect(call('list', env('he', { format: 'markdown' }), [methods, 'disjunction'])).toBe(`${FSI}Visa${PDI} או ${FSI}PayPal${PDI}`);
  });

  it('wraps each escaped item in <bdi> in Hebrew HTML', () => {
    const html = call('list', env('he', { format: 'html' }), [['Visa', 'R&D <b>']]) as { toHTML(): string };
    expect(html.toHTML()).toBe('<bdi>Visa</bdi> ו-<bdi>R&amp;D &lt;b&gt;</bdi>');
  });

  it('refuses a missing or empty list and items that are not text', () => {
    expect(() => call('list', env('en'), [null])).toThrow(/list: expected a list, got nothing/);
    expect(() => call('list', env('en'), ['Visa'])).toThrow('list: expected a list, got "Visa"');
    expect(() => call('list', env('en'), [[]])).toThrow(/list: the list is empty/);
    expect(() => call('list', env('en'), [[{ a: 1 }]])).toThrow(/cannot show item/);
    expect(() => call('list', env('en'), [methods, 'unit-ish'])).toThrow(/unknown type "unit-ish"/);
  });
});

describe('duration', () => {
  it('spells durations out in each language', () => {
    const all = (lang: string) => ['2h', '30m', '3d', '1h', '90m', '24h'].map((d) => call('duration', env(lang), [d]));
    expect(all('en')).toEqual(['2 hours', '30 minutes', '3 days', '1 hour', '90 minutes', '1 day']);
    // CLDR puts a no-break space before heures and jours, a plain one before minutes.
    expect(all('fr')).toEqual([`2${NBSP}heures`, '30 minutes', `3${NBSP}jours`, `1${NBSP}heure`, '90 minutes', `1${NBSP}jour`]);
    expect(all('pl')).toEqual(['2 godziny', '30 minut', '3 dni', '1 godzina', '90 minut', '1 dzień']);
    // Hebrew puts "one" after the noun: "שעה אחת", "יום אחד", not CLDR's "1 שעה".
    expect(all('he')).toEqual(['שעתיים', '30 דקות', '3 ימים', 'שעה אחת', '90 דקות', 'יום אחד']);
  });

  it('takes milliseconds too', () => {
    expect(call('duration', env('en'), [7_200_000])).toBe('2 hours');
    expect(call('duration', env('pl'), [5 * 3_600_000])).toBe('5 godzin');
  });

  it('refuses what is not a duration', () => {
    expect(() => call('duration', env('en'), ['2 hours'])).toThrow(/cannot read "2 hours" as a duration/);
    expect(() => call('duration', env('en'), [-5])).toThrow(/cannot read number -5/);
    expect(() => call('duration', env('en'), [null])).toThrow(/cannot read nothing/);
  });
});

describe('plural', () => {
  const polish = { one: '# zamówienie', few: '# zamówienia', many: '# zamówień', other: '# zamówienia' };

  it('picks the Polish one/few/many form', () => {
    const forms = [1, 3, 5, 22, 12, 1.5].map((n) => call('plural', env('pl'), [n], polish));
    expect(forms).toEqual(['1 zamówienie', '3 zamówienia', '5 zamówień', '22 zamówienia', '12 zamówień', '1,5 zamówienia']);
  });

  it('picks the English form and formats the number', () => {
    const en = { one: '# order', other: '# orders' };
    expect(call('plural', env('en'), [1], en)).toBe('1 order');
    expect(call('plural', env('en'), [3], en)).toBe('3 orders');
    expect(call('plural', env('en'), [1200], en)).toBe('1,200 orders');
  });

  it('follows French rules: 0 is singular, and a missing "many" falls back to "other"', () => {
    const fr = { one: '# commande', other: '# commandes' };
    expect(call('plural', env('fr'), [0], fr)).toBe('0 commande');
    expect(call('plural', env('fr'), [2], fr)).toBe('2 commandes');
    expect(call('plural', env('fr'), [1_000_000], fr)).toBe(`1${NNBSP}000${NNBSP}000 commandes`);
  });

  it('uses the Hebrew dual', () => {
    const he = { one: 'הזמנה אחת', two: 'שתי הזמנות', other: '# הזמנות' };
    expect([1, 2, 5].map((n) => call('plural', env('he'), [n], he))).toEqual(['הזמנה אחת', 'שתי הזמנות', '5 הזמנות']);
  });

  it('accepts a number typed as text', () => {
    expect(call('plural', env('en'), ['3'], { one: '# order', other: '# orders' })).toBe('3 orders');
  });

  it('refuses a missing form, an unknown form and a non-number', () => {
    expect(() => call('plural', env('pl'), [5], { one: '# zamówienie', few: '# zamówienia' })).toThrow(
      'plural: 5 needs the "many" form in pl and there is no "other" form to fall back on',
    );
    expect(() => call('plural', env('en'), [2], { one: '#', others: '#' })).toThrow(/unknown form "others"/);
    expect(() => call('plural', env('en'), [null], { other: '#' })).toThrow(/plural: expected a number, got nothing/);
  });
});

describe('pluralCategories', () => {
  it('lists the forms each language needs, in CLDR order', () => {
    expect(pluralCategories('en')).toEqual(['one', 'other']);
    expect(pluralCategories('fr')).toEqual(['one', 'many', 'other']);
    expect(pluralCategories('pl')).toEqual(['one', 'few', 'many', 'other']);
    expect(pluralCategories('he')).toEqual(['one', 'two', 'other']);
  });
});

describe('number and money', () => {
  it('formats numbers in each language', () => {
    expect(['en', 'fr', 'pl', 'he'].map((l) => call('number', env(l), [12345.5]))).toEqual(['12,345.5', `12${NNBSP}345,5`, `12${NBSP}345,5`, '12,345.5']);
    expect(call('number', env('pl'), [1234.5])).toBe('1234,5'); // Polish groups only from five digits
  });

  it('has integer and percent styles', () => {
    expect(call('number', env('en'), [1234.6, 'integer'])).toBe('1,235');
    expect(call('number', env('en'), [0.15, 'percent'])).toBe('15%');
    expect(call('number', env('fr'), [0.15, 'percent'])).toBe(`15${NBSP}%`);
    expect(() => call('number', env('en'), [1, 'currency'])).toThrow(/unknown style "currency"/);
    expect(() => call('number', env('en'), ['lots'])).toThrow('number: expected a number, got "lots"');
  });

  it('formats money in each language', () => {
    expect(call('money', env('en'), [15, 'EUR'])).toBe('€15.00');
    expect(call('money', env('fr'), [15, 'EUR'])).toBe(`15,00${NBSP}€`);
    expect(call('money', env('pl'), [1234.5, 'PLN'])).toBe(`1234,50${NBSP}zł`);
    expect(call('money', env('he'), [15, 'EUR'])).toBe(`${RLM}15.00${NBSP}${RLM}€`);
    expect(call('money', env('en'), [15, 'usd'])).toBe('$15.00');
  });

  it('refuses a missing or malformed currency', () => {
    expect(() => call('money', env('en'), [15])).toThrow('money: expected 2 arguments, got 1');
    expect(() => call('money', env('en'), [15, 'EURO'])).toThrow(/ISO 4217 currency code such as "EUR", got "EURO"/);
  });
});

describe('logic helpers', () => {
  const e = env('en');
  it('eq compares strictly', () => {
    expect(call('eq', e, ['resolve', 'resolve'])).toBe(true);
    expect(call('eq', e, ['resolve', 'update'])).toBe(false);
    expect(call('eq', e, [1, '1'])).toBe(false);
  });

  it('not, and, or follow #if truth (0, "" and [] are false), with any number of arguments', () => {
    expect([null, 0, '', [], 'x', ['a']].map((v) => call('not', e, [v]))).toEqual([true, true, true, true, false, false]);
    expect(call('and', e, [true, 1, 'x'])).toBe(true);
    expect(call('and', e, [true, 1, ''])).toBe(false);
    expect(call('or', e, [null, 0, [], 'x'])).toBe(true);
    expect(call('or', e, [null, false])).toBe(false);
  });

  it('gt and lt compare numbers; an unanswered input compares false', () => {
    expect(call('gt', e, [3, 2])).toBe(true);
    expect(call('gt', e, [2, 2])).toBe(false);
    expect(call('lt', e, [2, 3])).toBe(true);
    expect(call('lt', e, ['10', 9])).toBe(false);
    expect(call('gt', e, [null, 0])).toBe(false);
    expect(() => call('gt', e, ['many', 0])).toThrow('gt: expected a number, got "many"');
  });

  it('lt and gt compare two moments across offsets: an estimate that has passed', () => {
    // 11:30 in Paris is 10:30 UTC, before a clock at 10:45 UTC.
    expect(call('lt', e, ['2026-03-10T11:30:00+01:00', '2026-03-10T10:45:00Z'])).toBe(true);
    expect(call('gt', e, ['2026-03-10T11:30:00+01:00', '2026-03-10T10:45:00Z'])).toBe(false);
    expect(call('lt', e, ['2026-03-10T11:30:00+01:00', '2026-03-10T10:15:00Z'])).toBe(false);
  });

  it('checks arity', () => {
    expect(() => call('eq', e, ['a'])).toThrow('eq: expected 2 arguments, got 1');
    expect(() => call('and', e, [true])).toThrow('and: expected at least 2 arguments, got 1');
  });
});

describe('render environment', () => {
  it('is required', () => {
    expect(() => helpers.date?.(ETA, { hash: {}, data: {} })).toThrow(/date: called without a render environment/);
  });
});

describe('sms channel', () => {
  it('makes Intl spaces plain in every helper output', () => {
    const sms = env('fr', { channel: 'sms' });
    expect(call('money', sms, [1234.5, 'EUR'])).toBe('1 234,50 €');
    expect(call('number', sms, [0.15, 'percent'])).toBe('15 %');
    expect(call('duration', sms, ['2h'])).toBe('2 heures');
    expect(call('plural', sms, [1_000_000], { one: '# commande', other: '# commandes' })).toBe('1 000 000 commandes');
  });

  it('keeps a French SMS in GSM-7', () => {
    const source = 'Acme : remboursement de {{money amount "EUR"}} le {{date eta "datetime"}}. Suivi : {{number pct "percent"}}.';
    const context = { amount: 1234.5, eta: ETA, pct: 0.5 };
    const asSms = render(source, context, env('fr', { channel: 'sms' }));
    expect(asSms).toBe('Acme : remboursement de 1 234,50 € le jeudi 3 décembre à 16 h 30 UTC+1. Suivi : 50 %.');
    expect(smsSegments(asSms).encoding).toBe('GSM-7');
    expect(smsSegments(render(source, context, env('fr'))).encoding).toBe('UCS-2'); // the same text on another channel
  });
});

describe('inside real Handlebars templates', () => {
  const context = {
    incident: { stage: 'update', severity: { cadence: '2h' }, next_update_at: ETA },
    failing_methods: ['Visa', 'PayPal'],
    orders: [1, 3, 5, 22],
    refund: 15,
    apology: null,
  };

  it('renders an English text statement', () => {
    const source =
      '{{#if (eq incident.stage "resolve")}}Fixed.{{else}}Payments by {{list failing_methods}} fail. ' +
      'Next update at {{date incident.next_update_at "time"}}, then every {{duration incident.severity.cadence}}.{{/if}}' +
      ' Refund: {{money refund "EUR"}}.';
    expect(render(source, context, env('en')).replace(/\u202f/g, ' ')).toBe(
      'Payments by Visa and PayPal fail. Next update at 4:30 PM GMT+1, then every 2 hours. Refund: €15.00.',
    );
  });

  it('renders French with subexpressions combined', () => {
    const source =
      '{{#if (and (not apology) (gt refund 10))}}Remboursement : {{money refund "EUR"}}, {{list failing_methods "disjunction"}}, ' +
      'prochain point à {{date incident.next_update_at "time"}}{{/if}}';
    expect(render(source, context, env('fr'))).toBe(`Remboursement : 15,00${NBSP}€, Visa ou PayPal, prochain point à 16${NBSP}h${NBSP}30 UTC+1`);
  });

  it('uses helpers inside #each, with this and parent scope', () => {
    const source =
      '{{#each orders}}{{plural this one="# zamówienie" few="# zamówienia" many="# zamówień" other="# zamówienia"}}' +
      '{{#unless @last}}, {{/unless}}{{/each}} — co {{duration incident.severity.cadence}}';
    expect(render(source, context, env('pl'))).toBe('1 zamówienie, 3 zamówienia, 5 zamówień, 22 zamówienia — co 2 godziny');
    const parent = '{{#each failing_methods}}{{this}} {{date ../incident.next_update_at "time"}}; {{/each}}';
    expect(render(parent, context, env('pl'))).toBe('Visa 16:30 CET; PayPal 16:30 CET; ');
  });

  it('isolates Latin items in Hebrew text and in Hebrew HTML, escaping once', () => {
    const text = render('אמצעי תשלום: {{list failing_methods}}', context, env('he'));
    expect(text).toBe(`אמצעי תשלום: ${FSI}Visa${PDI} ו-${FSI}PayPal${PDI}`);
    const html = render(
      '<p>{{list items}} · {{date incident.next_update_at "time"}}</p>',
      { ...context, items: ['Visa', 'Pay<Pal>'] },
      env('he', { format: 'html' }),
    );
    expect(html.replace(/\u200e/g, '')).toBe('<p><bdi>Visa</bdi> ו-<bdi>Pay&lt;Pal&gt;</bdi> · 16:30 GMT+1</p>');
  });

  it('lets Handlebars escape plain helper output in LTR HTML', () => {
    const html = render('<li>{{list items}}</li>', { items: ['R&D', 'Q<A'] }, env('en', { format: 'html' }));
    expect(html).toBe('<li>R&amp;D and Q&lt;A</li>');
  });

  it('surfaces a helper error from inside a template', () => {
    expect(() => render('{{date incident.next_update_at "soon"}}', context, env('en'))).toThrow(/date: unknown style "soon"/);
    expect(() => render('{{list apology}}', context, env('en'))).toThrow(/list: expected a list, got nothing/);
  });
});

describe('date in the repeated hour of a fall-back', () => {
  it('says which of the two 02:40 it is, as every time says its zone', () => {
    const first = call('date', env('en'), ['2026-10-25T02:40:00+02:00', 'time']) as string;
    const second = call('date', env('en'), ['2026-10-25T02:40:00+01:00', 'time']) as string;
    expect(first).not.toBe(second);
    expect(first).toMatch(/2:40.*GMT\+2|2:40.*CEST/);
    expect(second).toMatch(/2:40.*GMT\+1|2:40.*CET/);
    expect(call('date', env('fr'), ['2026-10-25T02:40:00+01:00', 'datetime'])).toMatch(/UTC\+1|HNEC|CET/);
    expect(call('date', env('en'), ['2026-10-25T04:40:00+01:00', 'time'])).toMatch(/^4:40\sAM GMT\+1$/);
  });
});
