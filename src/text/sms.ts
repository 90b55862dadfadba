// SMS length as a phone counts it (3GPP TS 23.038): GSM-7 when every character is in the GSM
// alphabet, else UCS-2. A multipart message loses room to its concatenation header, and a
// character never straddles two segments (an escape pair or a surrogate pair stays whole).

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export type SmsCount = {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text. */
  units: number;
  segments: number;
  /** Room in each segment: the single-message limit when it fits in one, else the multipart one. */
  perSegment: number;
};

const LIMITS: Record<SmsEncoding, { single: number; multipart: number }> = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
};

// GSM 03.38 default alphabet (the escape code 0x1B itself is left out: it is not a character).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Extension table: sent as escape + character, so two septets each.
const GSM_EXTENSION = new Set('\f^{}\\[]~|€');

function gsmUnits(char: string): number | undefined {
  if (GSM_BASIC.has(char)) return 1;
  if (GSM_EXTENSION.has(char)) return 2;
  return undefined;
}

/** Units of each character (by code point) in the encoding the text needs. */
function characterUnits(text: string): { encoding: SmsEncoding; units: number[] } {
  const chars = Array.from(text);
  const gsm = chars.map(gsmUnits);
  if (gsm.every((u): u is number => u !== undefined)) return { encoding: 'GSM-7', units: gsm };
  return { encoding: 'UCS-2', units: chars.map((c) => c.length) };
}

/** Segments needed when characters are packed in order and none is split. */
function packSegments(units: readonly number[], room: number): number {
  let segments = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > room) {
      segments += 1;
      used = 0;
    }
    used += u;
  }
  return segments;
}

export function smsSegments(text: string): SmsCount {
  const { encoding, units } = characterUnits(text);
  const total = units.reduce((sum, u) => sum + u, 0);
  const { single, multipart } = LIMITS[encoding];
  if (total === 0) return { encoding, units: 0, segments: 0, perSegment: single };
  if (total <= single) return { encoding, units: total, segments: 1, perSegment: single };
  return { encoding, units: total, segments: packSegments(units, multipart), perSegment: multipart };
}

// No-break (U+00A0), narrow no-break (U+202F), thin (U+2009) and figure (U+2007) spaces:
// Intl puts them in numbers, currencies and times; none is in the GSM alphabet.
const INTL_SPACES = /[\u00A0\u202F\u2009\u2007]/g;

/** The text with Intl's invisible spaces made plain, so it can stay GSM-7. */
export function smsPlain(text: string): string {
  // Intl writes a negative offset with U+2212 ("UTC−5" in fr), which is not GSM-7 either.
  return text.replace(INTL_SPACES, ' ').replace(/\u2212/g, '-');
}

// Letters with no decomposition into a base letter and a mark (NFD leaves them whole), and the
// typographic punctuation Intl and careful text use, in their GSM-7 form.
const NO_DECOMPOSITION: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  œ: 'oe',
  Œ: 'OE',
  '\u2019': "'",
  '\u2018': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '«': '"',
  '»': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
};

/**
 * The text as a plain-SMS language sends it (`sms.plain`): every character outside the GSM-7
 * alphabet replaced by its base letter ("ą" -> "a") or its GSM-7 form; letters GSM-7 has ("é",
 * "ü") are kept. What has no such form (Hebrew, emoji) is left, and the count says UCS-2.
 */
export function smsWithoutDiacritics(text: string): string {
  return Array.from(smsPlain(text), (ch) => {
    if (gsmUnits(ch) !== undefined) return ch;
    const mapped = NO_DECOMPOSITION[ch];
    if (mapped !== undefined) return mapped;
    const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    return base !== ch && Array.from(base).every((c) => gsmUnits(c) !== undefined) ? base : ch;
  }).join('');
}
