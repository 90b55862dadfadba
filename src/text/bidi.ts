// Right-to-left support: which languages are RTL, and how to keep a value of another script
// (an order number, a URL, an email) from garbling the RTL sentence around it.

/** What isolation needs to know about the statement being rendered. */
/** A statement's format (the playbook's `Format`), spelled out here so text depends on nothing above it. */
export type BidiEnv = { lang: string; format: 'text' | 'markdown' | 'html' };

/** HTML for Handlebars: any object with toHTML is output as is, like a SafeString. */
export type SafeHtml = { toHTML(): string };

// Scripts written right to left (ISO 15924), and languages known to be RTL for tags Intl rejects.
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Samr', 'Mand', 'Adlm', 'Rohg']);
const RTL_LANGUAGES = new Set(['he', 'iw', 'ar', 'fa', 'ur', 'yi', 'ji']);

const FSI = '\u2068';
const PDI = '\u2069';

type TextInfo = { direction?: string };
type LocaleWithTextInfo = Intl.Locale & { textInfo?: TextInfo; getTextInfo?: () => TextInfo };

function parseLocale(lang: string): LocaleWithTextInfo | undefined {
  try {
    return new Intl.Locale(lang);
  } catch {
    return undefined; // not a valid BCP 47 tag ("he_IL")
  }
}

/** Node 20 has a `textInfo` getter, later runtimes `getTextInfo()`. */
function textDirection(locale: LocaleWithTextInfo): string | undefined {
  const info = typeof locale.getTextInfo === 'function' ? locale.getTextInfo() : locale.textInfo;
  return info?.direction;
}

/**
 * The script (given or most likely) decides first: Node 20's textInfo answers "ltr" for some RTL
 * tags (az-Arab, dv). Intl's textInfo decides when no script is known, the fallback set when the
 * tag is not one Intl accepts.
 */
// Asked for every interpolated value: worked out once a language.
const rtlCache = new Map<string, boolean>();

export function isRtl(lang: string): boolean {
  let rtl = rtlCache.get(lang);
  if (rtl === undefined) rtlCache.set(lang, (rtl = directionIsRtl(lang)));
  return rtl;
}

function directionIsRtl(lang: string): boolean {
  const locale = parseLocale(lang);
  if (!locale) return RTL_LANGUAGES.has(lang.split(/[-_]/)[0]?.toLowerCase() ?? '');
  const script = locale.maximize().script;
  if (script) return RTL_SCRIPTS.has(script);
  const direction = textDirection(locale);
  if (direction === 'rtl' || direction === 'ltr') return direction === 'rtl';
  return RTL_LANGUAGES.has(locale.language);
}

/** Wraps text in First Strong Isolate ... Pop Directional Isolate. */
export function isolateText(s: string): string {
  return FSI + s + PDI;
}

// A letter of a script that is not written right to left, or a digit that is not Arabic-Indic:
// either makes the bidi algorithm reorder the value against the RTL sentence around it.
const NON_RTL_STRONG =
  /(?![\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}])[\p{L}\p{Nd}]/u;

/** True when the value, interpolated into text of an RTL language, should be isolated. */
export function needsIsolation(value: string, lang: string): boolean {
  return isRtl(lang) && NON_RTL_STRONG.test(value);
}

// The same characters Handlebars escapes, so isolated and plain values read the same.
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c] ?? c);
}

export function safeHtml(html: string): SafeHtml {
  return { toHTML: () => html };
}

/** `<bdi>` + escaped value + `</bdi>`, as HTML source. */
export function bdiHtml(value: string): string {
  return `<bdi>${escapeHtml(value)}</bdi>`;
}

/**
 * The value ready to interpolate: unchanged in an LTR language; in an RTL language FSI/PDI-wrapped
 * for text and markdown, and `<bdi>`-wrapped safe HTML for html (the caller decides whether the
 * value needs it, see needsIsolation).
 */
export function isolate(value: string, env: BidiEnv): string | SafeHtml {
  if (!isRtl(env.lang)) return value;
  return env.format === 'html' ? safeHtml(bdiHtml(value)) : isolateText(value);
}
