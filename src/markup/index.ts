// markup: statement text as safe HTML (escaping, links, markdown), shared by the preview page,
// the email HTML and the status site.
export { esc, headingAndBody, linkify, linkTag, safeHref } from './html.js';
export { markdownToHtml } from './markdown.js';
export { layoutRenderer } from './layouts.js';
