import { describe, expect, it } from 'vitest';
import { smsPlain, smsSegments, smsWithoutDiacritics } from '../../src/text/sms.js';

describe('smsSegments: GSM-7', () => {
  it('counts an empty text as no message at all', () => {
    expect(smsSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0, perSegment: 160 });
  });

  it('fits 160 basic characters in one message', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160 });
  });

  it('splits 161 characters into 2 segments of 153', () => {
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153 });
  });

  it('needs a third segment past 306 characters', () => {
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts the extension table (€ [ ] { } ~ ^ \\ | and form feed) as 2 each', () => {
    expect(smsSegments('15 €')).toEqual({ encoding: 'GSM-7', units: 5, segments: 1, perSegment: 160 });
    expect(smsSegments('[]{}~^\\|\f').units).toBe(18);
    expect(smsSegments('a'.repeat(159) + '€')).toMatchObject({ units: 161, segments: 2 });
  });

  it('keeps accented letters of the GSM alphabet in GSM-7', () => {
    expect(smsSegments('Déjà livré à Ørsted, Ñoño, Straße, Ça va? ¿Qué? £5 @ 16:30').encoding).toBe('GSM-7');
  });

  it('never splits an escape pair across two segments', () => {
    // 306 septets would fit 2 x 153, but the € cannot straddle the boundary.
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(152);
    expect(smsSegments(text)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3, perSegment: 153 });
  });
});

describe('smsSegments: UCS-2', () => {
  it('switches Polish diacritics to UCS-2 at 70 a message', () => {
    const polish = 'Przepraszamy za opóźnienie. Nowa data wysyłki: 3 gru 2026.';
    expect(smsSegments(polish)).toEqual({ encoding: 'UCS-2', units: polish.length, segments: 1, perSegment: 70 });
  });

  it('splits UCS-2 past 70 into segments of 67', () => {
    expect(smsSegments('ż'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1, perSegment: 70 });
    expect(smsSegments('ż'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2, perSegment: 67 });
  });

  it('counts an emoji as 2 UTF-16 code units', () => {
    expect(smsSegments('OK 🙂')).toEqual({ encoding: 'UCS-2', units: 5, segments: 1, perSegment: 70 });
  });

  it('never splits a surrogate pair across two segments', () => {
    const text = 'ą' + 'a'.repeat(65) + '🙂' + 'a'.repeat(66); // 134 units = 2 x 67, but the emoji straddles
    expect(smsSegments(text)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3, perSegment: 67 });
  });

  it('puts Hebrew in UCS-2', () => {
    expect(smsSegments('ההזמנה שלך תישלח באיחור').encoding).toBe('UCS-2');
  });

  it('follows GSM 03.38 to the letter: Ç is in the alphabet, ç and ê are not', () => {
    expect(smsSegments('Ç').encoding).toBe('GSM-7');
    expect(smsSegments('ç').encoding).toBe('UCS-2');
    expect(smsSegments('ê').encoding).toBe('UCS-2');
  });
});

describe('smsPlain', () => {
  it('turns the spaces Intl puts in numbers and times into plain spaces', () => {
    expect(smsPlain('1\u202f234,50\u00a0€ \u2009 \u2007')).toBe('1 234,50 €    ');
  });

  it('leaves other text alone', () => {
    expect(smsPlain('Déjà livré\nà 16:30')).toBe('Déjà livré\nà 16:30');
  });

  it('keeps a French SMS with an Intl-formatted amount in GSM-7', () => {
    const amount = new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR' }).format(1234.5);
    const sms = `Acme : votre remboursement de ${amount} arrive le 3 déc. 2026.`;
    expect(smsSegments(sms).encoding).toBe('UCS-2'); // the invisible narrow no-break space
    expect(smsSegments(smsPlain(sms))).toEqual({ encoding: 'GSM-7', units: 64, segments: 1, perSegment: 160 });
  });
});

describe('smsWithoutDiacritics (sms.plain)', () => {
  it('sends Polish in GSM-7: base letters for ą ę ł ó ś ź ż ć ń, typographic punctuation made plain', () => {
    const plain = smsWithoutDiacritics('Zamówienie opóźnione – Łódź, źródło: „żółć” ’ę’ ćń…');
    expect(plain).toBe('Zamowienie opoznione - Lodz, zrodlo: "zolc" \'e\' cn...');
    expect(smsSegments(plain).encoding).toBe('GSM-7');
  });

  it('keeps the letters GSM-7 has (é, ü, à) and leaves what has no plain form', () => {
    expect(smsWithoutDiacritics('Réglé à Zürich')).toBe('Réglé à Zürich');
    expect(smsWithoutDiacritics('שלום')).toBe('שלום');
  });

  it("writes Intl's minus sign of a zone offset as a hyphen", () => {
    expect(smsPlain('UTC\u22125')).toBe('UTC-5');
  });
});
