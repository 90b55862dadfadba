// Discouraged phrases: found the way a reader would see them, not inside other words.
import { describe, expect, it } from 'vitest';
import { findPhrases, phrasesFor } from '../../src/statement/guidance.js';

describe('findPhrases', () => {
  it('finds a phrase whatever its case, apostrophe or spacing', () => {
    expect(findPhrases('We Apologize for any\u00a0inconvenience.', ['we apologize for any inconvenience'])).toEqual(['we apologize for any inconvenience']);
    expect(findPhrases('We’re sorry it is out of our  control', ["we're sorry", 'out of our control'])).toEqual(["we're sorry", 'out of our control']);
  });

  it('needs the phrase to start a word', () => {
    expect(findPhrases('Our interest assured the deal.', ['rest assured'])).toEqual([]);
    expect(findPhrases('Rest assured, we are on it.', ['rest assured'])).toEqual(['rest assured']);
    expect(findPhrases('(rest assured)', ['rest assured'])).toEqual(['rest assured']);
  });

  it('lets a stem find every ending (Polish)', () => {
    expect(findPhrases('To bezprecedensowa sytuacja.', phrasesFor('pl', []))).toEqual(['bezprecedensow']);
  });

  it('finds a Hebrew phrase behind a one-letter prefix', () => {
    expect(findPhrases('שלום, ולקוח יקר, ההזמנה בדרך', ['לקוח יקר'])).toEqual(['לקוח יקר']);
  });

  it('is not fooled by the isolation marks put around values in RTL text', () => {
    expect(findPhrases('out of \u2068our\u2069 control', ['out of our control'])).toEqual(['out of our control']);
  });

  it("uses the tool's own list of the statement's language, plus the config's for every language", () => {
    expect(phrasesFor('fr-CA', ['à votre convenance'])).toEqual(expect.arrayContaining(['cher client', 'à votre convenance']));
    expect(phrasesFor('fr', [])).not.toContain('rest assured');
    expect(phrasesFor('xx', ['custom'])).toEqual(['custom']);
  });
});
