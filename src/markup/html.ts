// HTML from statement text, for every page that shows a statement: the preview, the email a
// customer receives and the status site. Text is escaped before any markup is added, and a link
// only ever points at the web, a mail address or a phone number.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element or a quoted attribute. */
export const esc = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

const SAFE_SCHEME = /^(https?:|mailto:|tel:)/i;
// Bidi isolation marks around an interpolated value (Hebrew text) are for the reader, not part of an address.
export const ISOLATES = /[\u2066-\u2069]/g;

/** The address a link may carry: isolation marks removed; undefined for any scheme but http(s), mailto and tel. */
export function safeHref(url: string): string | undefined {
  const clean = url.replace(ISOLATES, '').trim();
  return SAFE_SCHEME.test(clean) ? clean : undefined;
}

/** An `<a>` opening in a new tab without telling the target where the reader came from. */
export const linkTag = (href: string, labelHtml: string) => `<a href="${esc(href)}" rel="noopener noreferrer" target="_blank">${labelHtml}</a>`;

// Bare URLs; an isolation mark (U+2066–2069) ends one.
const BARE_URL = /\bhttps?:\/\/[^\s<>"\u2066-\u2069]+/g;

/** Plain text as HTML: escaped, bare URLs as links (trailing punctuation left out). */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(BARE_URL)) {
    const url = m[0].replace(/[.,;:!?)\]'’]+$/, '');
    out += esc(text.slice(last, m.index)) + linkTag(url, esc(url));
    last = m.index! + url.length;
  }
  return out + esc(text.slice(last));
}

/** Subject and body of a statement whose first line is a `# heading` (an email), and what follows. */
export function headingAndBody(text: string): { heading?: string; body: string } {
  const [first = '', ...rest] = text.split('\n');
  const heading = /^#\s+(.+)$/.exec(first)?.[1]?.trim();
  return heading ? { heading, body: rest.join('\n').replace(/^\s*\n/, '') } : { body: text };
}
