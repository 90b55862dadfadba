// Markdown statements as HTML, by markdown-it (CommonMark: fenced code, tables, hard breaks,
// escapes), with raw HTML off so a fact that holds markup shows as text, and links kept to the
// schemes `safeHref` allows. One instance, made on first use: only pages that show markdown pay for it.
import MarkdownIt from 'markdown-it';
import { ISOLATES, safeHref } from './html.js';

let instance: MarkdownIt | undefined;

function markdownIt(): MarkdownIt {
  if (instance) return instance;
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false }).enable('table');
  // Isolation marks out of the address before it is encoded (they would end up in the host name).
  const normalize = md.normalizeLink.bind(md);
  md.normalizeLink = (url) => normalize(url.replace(ISOLATES, ''));
  md.validateLink = (url) => safeHref(url) !== undefined;
  // A new tab that cannot reach back to the page.
  md.renderer.rules.link_open = (tokens, i, options, _env, self) => {
    const token = tokens[i]!;
    token.attrSet('rel', 'noopener noreferrer');
    token.attrSet('target', '_blank');
    return self.renderToken(tokens, i, options);
  };
  return (instance = md);
}

/** The HTML of a markdown statement; nothing in the text can add an element markdown does not make. */
export function markdownToHtml(text: string): string {
  // A bare URL ends where an isolation mark starts; linkify takes the closing mark in: put it back after the link.
  return markdownIt()
    .render(text)
    .trimEnd()
    .replace(/([\u2066-\u2069]+)<\/a>/g, '</a>$1');
}
