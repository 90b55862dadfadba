// Template helpers as plain functions. Handlebars passes an options object last; the renderer puts
// the statement's language, timezone, format and channel in `options.data.env`. Every word and
// number shape comes from Intl in that language: no hand-made tables.
import {
  bdiHtml,
  dateTimeFormat,
  escapeHtml,
  isolateText,
  isRtl,
  listFormat,
  numberFormat,
  pluralRules,
  safeHtml,
  type SafeHtml,
  smsPlain,
} from '../text/index.js';
import { durationParts, ISO_DATETIME, parseCalendarDate, parseDuration } from '../time/index.js';
import type { Channel, Format } from '../playbook/index.js';

export type RenderEnv = { lang: string; timeZone: string; format: Format; channel: Channel };

type HelperOptions = { hash?: Record<string, unknown>; data?: { env?: RenderEnv } };
type HelperCall = { params: unknown[]; hash: Record<string, unknown>; env: RenderEnv };
type Helper = (...args: any[]) => unknown;

/** Splits what Handlebars passes into the positional params, the hash and the render env. */
function helperCall(name: string, args: unknown[]): HelperCall {
  const options = args.at(-1) as HelperOptions | undefined;
  const env = options?.data?.env;
  if (!env) throw new Error(`${name}: called without a render environment (language, timezone, format)`);
  return { params: args.slice(0, -1), hash: options.hash ?? {}, env };
}

/** A helper's text as the channel needs it: SMS gets plain spaces so it can stay GSM-7. */
const LINKABLE = /^(https?:\/\/|mailto:|tel:)[^\s\u0000-\u001f]+$/i;

function output(env: RenderEnv, text: string): string {
  return env.channel === 'sms' ? smsPlain(text) : text;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an unanswered input? guard it with {{#if}})';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return 'an invalid date';
  return `${Array.isArray(value) ? 'a list' : typeof value} ${JSON.stringify(value)}`;
}

// ---------------------------------------------------------------------------------------------
// date

// Prose styles: months and weekdays written out (a customer reads "Tuesday, December 1", not
// "Tue, Dec 1"), and every time of day labelled with its zone as Intl's timeZoneName gives it
// ("9:20 AM GMT+1", "3:20 AM EST"): customers are not all in the company's zone.
const DATE_STYLES = {
  date: { dateStyle: 'long' },
  time: { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  // Weekday and date without the year: updates announce times days ahead, not years.
  datetime: { weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  long: { dateStyle: 'full' },
  // Date and time without the weekday, where room is short (an SMS).
  daytime: { month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
type DateStyle = keyof typeof DATE_STYLES;
const TIME_STYLES: readonly DateStyle[] = ['time', 'datetime', 'daytime'];

type Moment = { at: Date; calendarDate: boolean };

function toMoment(value: unknown): Moment {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return { at: value, calendarDate: false };
  if (typeof value === 'string') {
    const day = parseCalendarDate(value.trim());
    if (day) return { at: day, calendarDate: true };
    if (ISO_DATETIME.test(value.trim())) {
      const at = new Date(value.trim().replace(' ', 'T'));
      if (!Number.isNaN(at.getTime())) return { at, calendarDate: false };
    }
  }
  throw new Error(
    `date: cannot read ${describe(value)} as a date; expected an ISO 8601 date ("2026-12-03") ` + `or a datetime with its offset ("2026-12-03T16:30:00+01:00")`,
  );
}

function dateStyle(style: unknown): DateStyle {
  if (style === undefined) return 'date';
  if (typeof style === 'string' && Object.hasOwn(DATE_STYLES, style)) return style as DateStyle;
  throw new Error(`date: unknown style ${describe(style)}; use one of ${Object.keys(DATE_STYLES).join(', ')}`);
}

// A date's text by language, style, zone and instant: validate's test renders show the same few
// instants thousands of times, and formatToParts costs more than the rest of a date. Bounded.
const dateTexts = new Map<string, string>();

function formatDate(value: unknown, styleName: unknown, env: RenderEnv): string {
  const style = dateStyle(styleName);
  const { at, calendarDate } = toMoment(value);
  if (calendarDate && TIME_STYLES.includes(style)) {
    throw new Error(`date: ${describe(value)} is a date without a time, so it cannot be shown as "${style}"`);
  }
  const timeZone = calendarDate ? 'UTC' : env.timeZone;
  const key = `${env.lang}\0${style}\0${timeZone}\0${at.getTime()}`;
  const known = dateTexts.get(key);
  if (known !== undefined) return known;
  const options: Intl.DateTimeFormatOptions = TIME_STYLES.includes(style) ? { ...DATE_STYLES[style], hour: shortTimeHour(env.lang) } : DATE_STYLES[style];
  const parts = dateTimeFormat(env.lang, { ...options, timeZone }).formatToParts(at);
  const text = (baseLanguage(env.lang) === 'fr' ? frenchProse(parts) : parts).map((p) => p.value).join('');
  if (dateTexts.size >= 10_000) dateTexts.clear();
  dateTexts.set(key, text);
  return text;
}

const baseLanguage = (lang: string) => lang.split('-')[0]!.toLowerCase();

/**
 * French typography Intl does not apply: the first of the month is "1er" ("1er décembre"), and a
 * time of day reads "9 h 20" ("9 h" on the hour), with no-break spaces, instead of "09:20".
 */
function frenchProse(parts: Intl.DateTimeFormatPart[]): Intl.DateTimeFormatPart[] {
  const out: Intl.DateTimeFormatPart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.type === 'day' && Number(p.value) === 1) out.push({ ...p, value: '1er' });
    else if (p.type === 'hour') out.push({ ...p, value: String(Number(p.value)) });
    else if (p.type === 'literal' && parts[i - 1]?.type === 'hour' && parts[i + 1]?.type === 'minute') {
      const minute = parts[++i]!;
      out.push({ type: 'literal', value: minute.value === '00' ? '\u00a0h' : `\u00a0h\u00a0${minute.value}` });
    } else out.push(p);
  }
  return out;
}

/** How the language writes the hour in a short time ("3:10 AM" in en, "03:10" in fr), so `datetime` agrees with `time`. */
const hourStyles = new Map<string, 'numeric' | '2-digit'>();
function shortTimeHour(lang: string): 'numeric' | '2-digit' {
  let known = hourStyles.get(lang);
  if (!known) hourStyles.set(lang, (known = shortTimeHourNow(lang)));
  return known;
}
function shortTimeHourNow(lang: string): 'numeric' | '2-digit' {
  // resolvedOptions() does not report the hour of a timeStyle, so look at how 03:05 is written.
  const hour = dateTimeFormat(lang, { timeStyle: 'short', timeZone: 'UTC' })
    .formatToParts(Date.UTC(2000, 0, 1, 3, 5))
    .find((p) => p.type === 'hour')?.value;
  return hour?.length === 2 ? '2-digit' : 'numeric';
}

// ---------------------------------------------------------------------------------------------
// list

const LIST_TYPES = ['conjunction', 'disjunction'] as const;
type ListType = (typeof LIST_TYPES)[number];

function listType(type: unknown): ListType {
  if (type === undefined) return 'conjunction';
  if (LIST_TYPES.includes(type as ListType)) return type as ListType;
  throw new Error(`list: unknown type ${describe(type)}; use conjunction or disjunction`);
}

function listItems(value: unknown): string[] {
  if (!Array.isArray(value)) throw new Error(`list: expected a list, got ${describe(value)}`);
  if (value.length === 0) throw new Error('list: the list is empty; guard it with {{#if}}');
  return value.map((item) => {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw new Error(`list: cannot show item ${describe(item)} as text`);
  });
}

/** In an RTL language each item is isolated: a Latin product name must not reorder the sentence. */
function formatList(value: unknown, typeName: unknown, env: RenderEnv): string | SafeHtml {
  const items = listItems(value);
  const type = listType(typeName);
  const format = listFormat(env.lang, { type });
  if (!isRtl(env.lang)) return output(env, format.format(items));
  const parts = format.formatToParts(items);
  if (env.format === 'html') {
    return safeHtml(parts.map((p) => (p.type === 'element' ? bdiHtml(p.value) : escapeHtml(p.value))).join(''));
  }
  return output(env, parts.map((p) => (p.type === 'element' ? isolateText(p.value) : p.value)).join(''));
}

// ---------------------------------------------------------------------------------------------
// numbers

/** A number, or a string holding one (answers typed at a prompt may arrive as text). */
function toNumber(helper: string, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  throw new Error(`${helper}: expected a number, got ${describe(value)}`);
}

const NUMBER_STYLES = {
  decimal: {},
  integer: { maximumFractionDigits: 0 },
  percent: { style: 'percent' },
} satisfies Record<string, Intl.NumberFormatOptions>;

function formatNumber(value: unknown, styleName: unknown, env: RenderEnv): string {
  const name = styleName ?? 'decimal';
  if (typeof name !== 'string' || !Object.hasOwn(NUMBER_STYLES, name)) {
    throw new Error(`number: unknown style ${describe(styleName)}; use one of ${Object.keys(NUMBER_STYLES).join(', ')}`);
  }
  const style = NUMBER_STYLES[name as keyof typeof NUMBER_STYLES];
  return output(env, numberFormat(env.lang, style).format(toNumber('number', value)));
}

function formatMoney(value: unknown, currency: unknown, env: RenderEnv): string {
  const amount = toNumber('money', value);
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency)) {
    throw new Error(`money: expected an ISO 4217 currency code such as "EUR", got ${describe(currency)}`);
  }
  const format = numberFormat(env.lang, { style: 'currency', currency: currency.toUpperCase() });
  return output(env, format.format(amount));
}

// ---------------------------------------------------------------------------------------------
// duration

function toMilliseconds(value: unknown): number {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (ms !== undefined && Number.isFinite(ms) && ms > 0) return ms;
  throw new Error(`duration: cannot read ${describe(value)} as a duration; expected "30m", "2h", "3d" or milliseconds`);
}

// Hebrew says "one day" after the noun ("יום אחד"), where CLDR writes "1 יום".
const HEBREW_ONE = { minute: 'דקה אחת', hour: 'שעה אחת', day: 'יום אחד' } as const;

function formatDuration(value: unknown, env: RenderEnv): string {
  const { value: amount, unit } = durationParts(toMilliseconds(value));
  if (amount === 1 && baseLanguage(env.lang) === 'he') return output(env, HEBREW_ONE[unit]);
  return output(env, numberFormat(env.lang, { style: 'unit', unit, unitDisplay: 'long' }).format(amount));
}

// ---------------------------------------------------------------------------------------------
// plural

const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

export function pluralCategories(lang: string): string[] {
  const categories: readonly string[] = pluralRules(lang).resolvedOptions().pluralCategories;
  return PLURAL_FORMS.filter((form) => categories.includes(form));
}

function formatPlural(value: unknown, hash: Record<string, unknown>, env: RenderEnv): string {
  const n = toNumber('plural', value);
  const unknown = Object.keys(hash).filter((key) => !(PLURAL_FORMS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new Error(`plural: unknown form ${unknown.map((k) => `"${k}"`).join(', ')}; forms are ${PLURAL_FORMS.join(', ')}`);
  }
  const category = pluralRules(env.lang).select(n);
  const text = hash[category] ?? hash.other;
  if (text === undefined || text === null) {
    throw new Error(`plural: ${n} needs the "${category}" form in ${env.lang} and there is no "other" form to fall back on`);
  }
  return output(env, String(text).replaceAll('#', numberFormat(env.lang, {}).format(n)));
}

// ---------------------------------------------------------------------------------------------
// logic, with Handlebars' own idea of truth (as in #if: 0, "" and [] are false)

function truthy(value: unknown): boolean {
  return Boolean(value) && !(Array.isArray(value) && value.length === 0);
}

/** Compares numbers; an unanswered input (null) compares false rather than failing the render. */
/** Numbers, or two moments in time (`{{#if (lt fix_eta incident.now)}}`: an estimate gone by). */
function compare(helper: string, a: unknown, b: unknown, test: (x: number, y: number) => boolean): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const instant = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'string' && ISO_DATETIME.test(v) ? Date.parse(v) : undefined);
  const [x, y] = [instant(a), instant(b)];
  if (x !== undefined && y !== undefined) return test(x, y);
  return test(toNumber(helper, a), toNumber(helper, b));
}

function arity(name: string, params: unknown[], min: number, max: number): void {
  if (params.length < min || params.length > max) {
    const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new Error(`${name}: expected ${wanted} argument${max === 1 ? '' : 's'}, got ${params.length}`);
  }
}

/** Wraps a helper body with the argument split and an arity check. */
function helper(name: string, min: number, max: number, body: (call: HelperCall) => unknown): Helper {
  return (...args: unknown[]) => {
    const call = helperCall(name, args);
    arity(name, call.params, min, max);
    return body(call);
  };
}

export const helpers: Record<string, Helper> = {
  date: helper('date', 1, 2, ({ params: [value, style], env }) => output(env, formatDate(value, style, env))),
  list: helper('list', 1, 2, ({ params: [value, type], env }) => formatList(value, type, env)),
  duration: helper('duration', 1, 1, ({ params: [value], env }) => formatDuration(value, env)),
  plural: helper('plural', 1, 1, ({ params: [value], hash, env }) => formatPlural(value, hash, env)),
  number: helper('number', 1, 2, ({ params: [value, style], env }) => formatNumber(value, style, env)),
  money: helper('money', 2, 2, ({ params: [value, currency], env }) => formatMoney(value, currency, env)),
  eq: helper('eq', 2, 2, ({ params: [a, b] }) => a === b),
  not: helper('not', 1, 1, ({ params: [a] }) => !truthy(a)),
  and: helper('and', 2, Infinity, ({ params }) => params.every(truthy)),
  or: helper('or', 2, Infinity, ({ params }) => params.some(truthy)),
  gt: helper('gt', 2, 2, ({ params: [a, b] }) => compare('gt', a, b, (x, y) => x > y)),
  lt: helper('lt', 2, 2, ({ params: [a, b] }) => compare('lt', a, b, (x, y) => x < y)),
  // For a link built from a fact: an address a customer can follow safely, or "#".
  url: helper('url', 1, 1, ({ params: [value] }) => (typeof value === 'string' && LINKABLE.test(value.trim()) ? value.trim() : '#')),
};

export const HELPER_NAMES: readonly string[] = Object.freeze(Object.keys(helpers));
