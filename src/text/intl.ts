// The one cache of Intl formatters. Building one costs far more than using it, and a run uses
// the same few again and again (a date style per language, a plural rule, a zone's offset).
const cache = new Map<string, unknown>();

function cached<T>(kind: string, lang: string, options: object, make: () => T): T {
  const key = `${kind}|${lang}|${JSON.stringify(options)}`;
  let made = cache.get(key) as T | undefined;
  if (made === undefined) cache.set(key, (made = make()));
  return made;
}

export const dateTimeFormat = (lang: string, options: Intl.DateTimeFormatOptions = {}) =>
  cached('date', lang, options, () => new Intl.DateTimeFormat(lang, options));
export const numberFormat = (lang: string, options: Intl.NumberFormatOptions = {}) =>
  cached('number', lang, options, () => new Intl.NumberFormat(lang, options));
export const pluralRules = (lang: string, options: Intl.PluralRulesOptions = {}) => cached('plural', lang, options, () => new Intl.PluralRules(lang, options));
export const listFormat = (lang: string, options: Intl.ListFormatOptions = {}) => cached('list', lang, options, () => new Intl.ListFormat(lang, options));

/** A language's name in another language (`he` in `en`: "Hebrew"); the tag itself when Intl has no name for it. */
// The names themselves are kept too: the preview asks them of every frame, and `of` is not cheap.
const languageNames = new Map<string, string>();

export function languageName(lang: string, inLang: string): string {
  const key = `${inLang}|${lang}`;
  let name = languageNames.get(key);
  if (name === undefined) {
    try {
      name = cached('language', inLang, {}, () => new Intl.DisplayNames([inLang], { type: 'language' })).of(lang) ?? lang;
    } catch {
      name = lang;
    }
    languageNames.set(key, name);
  }
  return name;
}
