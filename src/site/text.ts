// What the site shows of a statement: its HTML, its title, and times in the reader's language.
import { esc, linkify, markdownToHtml } from '../markup/index.js';
import type { Format } from '../playbook/index.js';
import { dateTimeFormat } from '../text/index.js';

/**
 * The statement as HTML, in its format: markdown by the preview's markdown-it (raw HTML off, safe
 * links), text escaped with its links, an HTML statement as its template wrote it (the
 * renderer escaped every value in it; the page's CSP blocks anything it could load).
 */
export function statementHtml(text: string, format: Format): string {
  if (format === 'markdown') return markdownToHtml(text);
  if (format === 'html') return text;
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split('\n').map(linkify).join('<br>\n')}</p>`)
    .join('\n');
}

/** The statement's own title: its first heading (markdown `#`, an HTML `<h1>`–`<h3>`), else its first line; plain text. */
export function titleOf(text: string, format: Format): string {
  if (format === 'html') {
    const h = /<h[1-3][^>]*>([^]*?)<\/h[1-3]>/i.exec(text)?.[1] ?? /<p[^>]*>([^]*?)<\/p>/i.exec(text)?.[1] ?? text;
    return clip(unentity(h.replace(/<[^>]*>/g, '')));
  }
  const lines = text.split('\n').map((l) => l.trim());
  const heading = lines.find((l) => /^#{1,6}\s+\S/.test(l));
  const first = heading ?? lines.find(Boolean) ?? '';
  const plain = format === 'markdown' ? first.replace(/^#{1,6}\s+/, '').replace(/(\*\*|__|\*|_|`)/g, '') : first;
  return clip(plain.replace(/[\u2066-\u2069]/g, ''));
}

const clip = (s: string) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return [...t].length > 140 ? `${[...t].slice(0, 139).join('')}…` : t;
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };
const unentity = (s: string) => s.replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, n: string) => ENTITIES[n]!);

/** "10 March 2026 at 10:00 GMT+1", as the language writes it, in the site's zone: the year too, since resolved incidents stay listed. */
export function when(iso: string, lang: string, timeZone: string): string {
  return dateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone }).format(
    new Date(iso),
  );
}

export { esc };
