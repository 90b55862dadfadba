// What reaches a terminal: colour as NO_COLOR, FORCE_COLOR and --no-color say, and no control
// character from a user's file.
import { describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeOutput } from '../../src/format/terminal.js';
import { colorWanted } from '../../src/shell/io.js';

describe('colorWanted', () => {
  it.each([
    [{}, true, undefined, true],
    [{}, false, undefined, false],
    [{ NO_COLOR: '1' }, true, undefined, false],
    [{ NO_COLOR: '' }, true, undefined, true],
    [{ FORCE_COLOR: '1' }, false, undefined, true],
    [{ FORCE_COLOR: '3' }, false, undefined, true],
    [{ FORCE_COLOR: '0' }, true, undefined, false],
    [{ FORCE_COLOR: 'false' }, true, undefined, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, undefined, true],
    [{ FORCE_COLOR: '1' }, true, false, false],
  ])('%j on a terminal: %s, --color %s -> %s', (env, tty, flag, expected) => {
    expect(colorWanted(env, tty, flag)).toBe(expected);
  });
});

describe('terminal-safe text', () => {
  it('escapes control characters, carriage returns and bidi overrides and isolates; keeps line breaks and tabs', () => {
    expect(terminalSafe('a\u001b[2Jb\rc\u0000d\u009be\u202ef\u2067g\n\th')).toBe('a\\x1B[2Jb\\x0Dc\\x00d\\x9Be\\u202Ef\\u2067g\n\th');
  });

  it('in a whole output keeps the colours crisis writes and the isolates of right-to-left statements', () => {
    expect(terminalSafeOutput('\u001b[31merror\u001b[39m: \u001b]0;title\u0007 \u2068Acme\u2069')).toBe(
      '\u001b[31merror\u001b[39m: \\x1B]0;title\\x07 \u2068Acme\u2069',
    );
  });
});
