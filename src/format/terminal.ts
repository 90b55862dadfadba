// Text from user files, made safe to show on a terminal: control characters (an escape sequence
// could clear the screen, retitle the window or write to the clipboard), a carriage return (it
// overwrites the line) and the bidi overrides and isolates (they reorder what is shown: "Trojan
// source") are shown as escapes, `\x1B`, `\u202E`, so a reader sees that they are there.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/**
 * For whole outputs: an SGR sequence (colour, bold) is the only escape crisis itself writes, and
 * the isolates (U+2066-U+2069) are its own too, around values in right-to-left statements.
 */
const SGR_OR_CONTROL = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/g;

export const escapeOf = (c: string) => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
};

/** Every control character escaped, line breaks and tabs kept. */
export const terminalSafe = (text: string) => text.replace(CONTROL, escapeOf);

/** The same for a whole output stream, keeping crisis's own colours and isolates. */
export const terminalSafeOutput = (text: string) => text.replace(SGR_OR_CONTROL, (m) => (m.length > 1 ? m : escapeOf(m)));
