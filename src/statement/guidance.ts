// What good crisis communication asks of every statement, beyond syntax: the clichés readers skip.
// Checked in every language we ship; the config's discouraged_phrases apply to all languages.
export const CLICHES: Record<string, readonly string[]> = {
  en: [
    'we apologize for any inconvenience',
    'we apologise for any inconvenience',
    'sorry for any inconvenience',
    'rest assured',
    'valued customer',
    'unprecedented',
    'out of our control',
    'beyond our control',
    'we take this very seriously',
    'your satisfaction is our top priority',
    'this will never happen again',
  ],
  fr: [
    'nous nous excusons pour la gêne occasionnée',
    'veuillez nous excuser pour la gêne occasionnée',
    'désolés pour la gêne occasionnée',
    'soyez assurés',
    'soyez assuré',
    'cher client',
    'chère cliente',
    'sans précédent',
    'indépendant de notre volonté',
    'indépendante de notre volonté',
    'cela ne se reproduira plus',
    'nous prenons cela très au sérieux',
  ],
  pl: [
    'przepraszamy za wszelkie niedogodności',
    'przepraszamy za utrudnienia',
    'zapewniamy, że',
    'drogi kliencie',
    'szanowny kliencie',
    'bezprecedensow',
    'niezależnych od nas',
    'to się więcej nie powtórzy',
    'traktujemy to bardzo poważnie',
  ],
  he: [
    'מתנצלים על אי הנוחות',
    'אנו מתנצלים על אי הנוחות',
    'לקוח יקר',
    'לקוחה יקרה',
    'אל דאגה',
    'חסר תקדים',
    'שאינן בשליטתנו',
    'זה לא יקרה שוב',
    'אנו רואים זאת בחומרה רבה',
  ],
};

/** Lower case, one kind of apostrophe and space, so "We’re" and "we're" match alike. */
export const normalisePhrase = (s: string) =>
  s
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    // \s takes in the no-break and thin spaces; a lone ' ' is left as it is (most of a text).
    .replace(/\s{2,}|[^\S ]/g, ' ')
    .replace(/[\u2068\u2069\u200e\u200f]/g, '');

export function phrasesFor(lang: string, configured: readonly string[]): string[] {
  return [...(CLICHES[lang.split('-')[0]!] ?? []), ...configured];
}

// A phrase must start a word ("rest assured" is not in "interest assured"); its end may run on,
// so a stem ("bezprecedensow") still finds every ending. Hebrew and Arabic glue one-letter words
// ("and", "the", "to") onto the next, so there a phrase may start inside a written word.
const CLITIC_SCRIPTS = /^[\p{Script=Hebrew}\p{Script=Arabic}]/u;

// Each phrase is looked for in every statement of every stage: normalise it once.
const needles = new Map<string, string>();
const needleOf = (phrase: string) => {
  let needle = needles.get(phrase);
  if (needle === undefined) needles.set(phrase, (needle = normalisePhrase(phrase).trim()));
  return needle;
};

/** The discouraged phrases a text contains. */
export function findPhrases(text: string, phrases: readonly string[]): string[] {
  const hay = normalisePhrase(text);
  return phrases.filter((p) => {
    const needle = needleOf(p);
    if (!needle) return false;
    if (CLITIC_SCRIPTS.test(needle)) return hay.includes(needle);
    for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) if (at === 0 || !/[\p{L}\p{N}]/u.test(hay[at - 1]!)) return true;
    return false;
  });
}
