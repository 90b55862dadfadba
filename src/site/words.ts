// The words of the status site around the statements, in the languages the library is written in.
// Another language gets the English words (its pages still carry its own `lang`, and its name
// comes from Intl); the statements themselves are always the signed-off text.
import type { SiteState } from './model.js';

export type SiteWords = {
  /** The site's name after the organisation's: "Acme Outdoor – Service status". */
  site: string;
  open: string;
  resolved: string;
  noOpen: string;
  noResolved: string;
  lastUpdated: string;
  nextUpdate: string;
  started: string;
  resolvedAt: string;
  updates: string;
  help: string;
  email: string;
  phone: string;
  helpCentre: string;
  allIncidents: string;
  follow: string;
  language: string;
  /** A statement not issued in the page's language, shown in the one it was issued in: `{lang}` is that language's name. */
  notInThisLanguage: string;
  states: Record<SiteState, string>;
};

const en: SiteWords = {
  site: 'Service status',
  open: 'Open incidents',
  resolved: 'Resolved',
  noOpen: 'No incident is open at the moment.',
  noResolved: 'No resolved incidents to show.',
  lastUpdated: 'Last updated',
  nextUpdate: 'Next update',
  started: 'Started',
  resolvedAt: 'Resolved',
  updates: 'Updates',
  help: 'Need help?',
  email: 'Email',
  phone: 'Phone',
  helpCentre: 'Help centre',
  allIncidents: 'All incidents',
  follow: 'Follow the updates',
  language: 'Language',
  notInThisLanguage: 'This update was not published in this language. Below is the original ({lang}).',
  states: { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' },
};

const WORDS: Record<string, SiteWords> = {
  en,
  fr: {
    site: 'État des services',
    open: 'Incidents en cours',
    resolved: 'Résolus',
    noOpen: 'Aucun incident en cours.',
    noResolved: 'Aucun incident résolu à afficher.',
    lastUpdated: 'Dernière mise à jour',
    nextUpdate: 'Prochaine mise à jour',
    started: 'Début',
    resolvedAt: 'Résolu le',
    updates: 'Mises à jour',
    help: 'Besoin d’aide\u00a0?',
    email: 'E-mail',
    phone: 'Téléphone',
    helpCentre: 'Centre d’aide',
    allIncidents: 'Tous les incidents',
    follow: 'Suivre les mises à jour',
    language: 'Langue',
    notInThisLanguage: 'Cette mise à jour n’a pas été publiée en français. Voici la version d’origine ({lang}).',
    states: { investigating: 'Analyse en cours', identified: 'Cause identifiée', monitoring: 'Sous surveillance', resolved: 'Résolu' },
  },
  pl: {
    site: 'Status usług',
    open: 'Trwające incydenty',
    resolved: 'Rozwiązane',
    noOpen: 'Obecnie nie ma trwających incydentów.',
    noResolved: 'Brak rozwiązanych incydentów do wyświetlenia.',
    lastUpdated: 'Ostatnia aktualizacja',
    nextUpdate: 'Następna aktualizacja',
    started: 'Początek',
    resolvedAt: 'Rozwiązano',
    updates: 'Aktualizacje',
    help: 'Potrzebują Państwo pomocy?',
    email: 'E-mail',
    phone: 'Telefon',
    helpCentre: 'Centrum pomocy',
    allIncidents: 'Wszystkie incydenty',
    follow: 'Subskrypcja aktualizacji',
    language: 'Język',
    notInThisLanguage: 'Ta aktualizacja nie ukazała się po polsku. Poniżej wersja oryginalna ({lang}).',
    states: { investigating: 'Trwa analiza', identified: 'Przyczyna ustalona', monitoring: 'Pod obserwacją', resolved: 'Rozwiązano' },
  },
  he: {
    site: 'מצב השירות',
    open: 'אירועים פעילים',
    resolved: 'אירועים שנפתרו',
    noOpen: 'אין כרגע אירועים פעילים.',
    noResolved: 'אין אירועים שנפתרו להצגה.',
    lastUpdated: 'עדכון אחרון',
    nextUpdate: 'העדכון הבא',
    started: 'התחלה',
    resolvedAt: 'נפתר',
    updates: 'עדכונים',
    help: 'צריכים עזרה?',
    email: 'דוא״ל',
    phone: 'טלפון',
    helpCentre: 'מרכז העזרה',
    allIncidents: 'כל האירועים',
    follow: 'מעקב אחר העדכונים',
    language: 'שפה',
    notInThisLanguage: 'עדכון זה לא פורסם בעברית. להלן הנוסח המקורי ({lang}).',
    states: { investigating: 'בבדיקה', identified: 'הסיבה זוהתה', monitoring: 'במעקב', resolved: 'נפתר' },
  },
};

/** The site's words in a language (its base language: `fr-CA` gets French), English where the site has none. */
export const wordsFor = (lang: string): SiteWords => WORDS[lang.split('-')[0]!.toLowerCase()] ?? en;

/** The languages the site's own words are written in. */
export const WORD_LANGUAGES: readonly string[] = Object.keys(WORDS);
