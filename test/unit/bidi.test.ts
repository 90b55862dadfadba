import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { escapeHtml, isolate, isolateText, isRtl, needsIsolation } from '../../src/text/bidi.js';

const FSI = '\u2068';
const PDI = '\u2069';

describe('isRtl', () => {
  it('knows the right-to-left languages', () => {
    for (const lang of ['he', 'he-IL', 'ar', 'ar-EG', 'fa', 'ur', 'yi']) expect(isRtl(lang), lang).toBe(true);
  });

  it('knows the left-to-right ones', () => {
    for (const lang of ['en', 'en-GB', 'fr', 'pl', 'de', 'ja']) expect(isRtl(lang), lang).toBe(false);
  });

  it('follows the script, given or most likely, over the language', () => {
    expect(isRtl('az-Arab')).toBe(true);
    expect(isRtl('az-Latn')).toBe(false);
    expect(isRtl('dv')).toBe(true); // Thaana
    expect(isRtl('ur-Latn')).toBe(false);
  });

  it('falls back on the language for tags Intl rejects, without throwing', () => {
    expect(isRtl('he_IL')).toBe(true);
    expect(isRtl('en_US')).toBe(false);
    expect(isRtl('')).toBe(false);
    expect(isRtl('not a tag')).toBe(false);
  });
});

describe('isolateText', () => {
  it('wraps in first strong isolate and pop directional isolate', () => {
    expect(isolateText('A-1234')).toBe(`${FSI}A-1234${PDI}`);
  });
});

describe('needsIsolation', () => {
  it('flags values of another script in an RTL language', () => {
    expect(needsIsolation('A-1234', 'he')).toBe(true);
    expect(needsIsolation('+33 1 23 45 67 89', 'he')).toBe(true);
    expect(needsIsolation('help@acme.example', 'he')).toBe(true);
    expect(needsIsolation('https://acme.example/help', 'he')).toBe(true);
    expect(needsIsolation('מעיל Winter', 'he')).toBe(true);
    expect(needsIsolation('2026', 'he')).toBe(true);
  });

  it('leaves pure RTL text and neutral punctuation alone', () => {
    expect(needsIsolation('מעיל חורף', 'he')).toBe(false);
    expect(needsIsolation('שלום, עולם!', 'he')).toBe(false);
    expect(needsIsolation('مرحبا', 'ar')).toBe(false);
    expect(needsIsolation('', 'he')).toBe(false);
  });

  it('never flags anything in an LTR language', () => {
    expect(needsIsolation('A-1234', 'en')).toBe(false);
    expect(needsIsolation('מעיל', 'fr')).toBe(false);
  });
});

describe('isolate', () => {
  it('returns the value itself in an LTR language, whatever the format', () => {
    expect(isolate('A-1234', { lang: 'en', format: 'text' })).toBe('A-1234');
    expect(isolate('A<1>', { lang: 'fr', format: 'html' })).toBe('A<1>');
  });

  it('wraps with FSI/PDI in RTL text and markdown', () => {
    expect(isolate('A-1234', { lang: 'he', format: 'text' })).toBe(`${FSI}A-1234${PDI}`);
    expect(isolate('A-1234', { lang: 'he', format: 'markdown' })).toBe(`${FSI}A-1234${PDI}`);
  });

  it('gives escaped <bdi> HTML in RTL html', () => {
    const value = isolate('R&D <team> "x"', { lang: 'he', format: 'html' });
    expect(typeof value).toBe('object');
    expect((value as { toHTML(): string }).toHTML()).toBe('<bdi>R&amp;D &lt;team&gt; &quot;x&quot;</bdi>');
  });

  it('is output unescaped by Handlebars in html, and the value stays escaped exactly once', () => {
    const hbs = Handlebars.create();
    hbs.registerHelper('iso', (v: string) => isolate(v, { lang: 'he', format: 'html' }));
    const render = hbs.compile('<p>מספר הזמנה {{iso order}}</p>');
    expect(render({ order: 'A&1' })).toBe('<p>מספר הזמנה <bdi>A&amp;1</bdi></p>');
  });
});

describe('escapeHtml', () => {
  it('escapes what Handlebars escapes', () => {
    const hbs = Handlebars.create();
    const tricky = `<a href="x" title='y'>&\`=</a>`;
    expect(escapeHtml(tricky)).toBe(hbs.compile('{{v}}')({ v: tricky }));
  });
});
