// Statement text as HTML, for the preview, the email and the status site: escaped before any
// markup, links only to the web, mail and phone, bidi isolation marks kept out of addresses.
import { describe, expect, it } from 'vitest';
import { headingAndBody, linkify, markdownToHtml, safeHref } from '../../src/markup/index.js';

describe('markdownToHtml', () => {
  it('escapes before it adds markup: a fact holding HTML shows as text', () => {
    expect(markdownToHtml('**<b>bold</b>** and <script>x</script>')).toBe('<p><strong>&lt;b&gt;bold&lt;/b&gt;</strong> and &lt;script&gt;x&lt;/script&gt;</p>');
  });

  it('renders headings, lists, emphasis, code and links', () => {
    expect(markdownToHtml('## Next\n\n1. *one*\n2. `two`\n\nSee [help](https://a.example/h?x=1&y=2).')).toBe(
      '<h2>Next</h2>\n<ol>\n<li><em>one</em></li>\n<li><code>two</code></li>\n</ol>\n<p>See <a href="https://a.example/h?x=1&amp;y=2" rel="noopener noreferrer" target="_blank">help</a>.</p>',
    );
  });

  it('renders fenced code, tables and hard breaks, escaping the code', () => {
    const html = markdownToHtml('one\\\ntwo\n\n| Order | Status |\n|---|---|\n| 1042 | late |\n\n```\n<b>x</b>\n```');
    expect(html).toContain('<p>one<br>\ntwo</p>');
    expect(html).toContain('<th>Order</th>');
    expect(html).toContain('<td>1042</td>');
    expect(html).toContain('<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>');
  });

  it('never links a javascript: or data: URL and keeps underscores in names', () => {
    expect(markdownToHtml('[x](javascript:alert(1)) orders_affected_total')).not.toContain('href');
    expect(markdownToHtml('[x](data:text/html,hi)')).not.toContain('href');
    expect(markdownToHtml('orders_affected_total')).toBe('<p>orders_affected_total</p>');
  });

  it('keeps bidi isolation marks out of a link and its address', () => {
    const html = markdownToHtml('עזרה: \u2068https://a.example/h\u2069 ו[כאן](\u2068https://b.example\u2069)');
    expect(html).toContain('href="https://a.example/h"');
    expect(html).toContain('href="https://b.example"');
    expect(html).toContain('</a>\u2069');
  });
});

describe('linkify, safeHref, headingAndBody', () => {
  it('links bare URLs without their trailing full stop or bidi isolation marks', () => {
    expect(linkify('Help: https://a.example/help.')).toBe(
      'Help: <a href="https://a.example/help" rel="noopener noreferrer" target="_blank">https://a.example/help</a>.',
    );
    expect(linkify('עזרה: \u2068https://a.example/h\u2069')).toContain('href="https://a.example/h"');
    expect(linkify('<b>')).toBe('&lt;b&gt;');
  });

  it('allows only http(s), mailto and tel', () => {
    expect(safeHref('mailto:help@a.example')).toBe('mailto:help@a.example');
    expect(safeHref(' javascript:alert(1)')).toBeUndefined();
    expect(safeHref('/relative')).toBeUndefined();
  });

  it('takes an email subject from a first-line heading', () => {
    expect(headingAndBody('# Your order\n\nHello')).toEqual({ heading: 'Your order', body: 'Hello' });
    expect(headingAndBody('Hello')).toEqual({ body: 'Hello' });
  });
});
