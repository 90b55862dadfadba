// text: rules every layer needs. SMS encoding and segments, bidi isolation for right-to-left
// languages, and the one cache of Intl formatters.
export { bdiHtml, escapeHtml, isolate, isolateText, isRtl, needsIsolation, safeHtml } from './bidi.js';
export type { SafeHtml } from './bidi.js';
export { dateTimeFormat, languageName, listFormat, numberFormat, pluralRules } from './intl.js';
export { smsPlain, smsSegments, smsWithoutDiacritics } from './sms.js';
export type { SmsCount, SmsEncoding } from './sms.js';
