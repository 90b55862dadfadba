// `${NAME}` in the publish config, read from the environment when the command runs. The values
// read are the secrets: every text that leaves the command (output, errors, timeline) is passed
// through `redact` first, which also catches the forms a URL or an auth header may carry them in.

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type Expanded<T> = { value: T; secrets: string[]; missing: string[] };

/** Expands every `${NAME}` in the strings of `value`; names absent from `env` are listed, never guessed. */
export function expandEnv<T>(value: T, env: Record<string, string | undefined>): Expanded<T> {
  const secrets = new Set<string>();
  const missing = new Set<string>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string')
      return v.replace(REF, (_, name: string) => {
        const found = env[name];
        if (found === undefined || found === '') {
          missing.add(name);
          return '';
        }
        secrets.add(found);
        return found;
      });
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value) as T, secrets: [...secrets], missing: [...missing] };
}

export const REDACTED = '***';

/** A function that replaces every secret (and its URL-encoded and base64 forms) in a text. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < 3) continue; // a one- or two-letter value would blank out ordinary words; none is a real secret
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(Buffer.from(s).toString('base64'));
  }
  for (const a of secrets) for (const b of secrets) if (a !== b) forms.add(Buffer.from(`${a}:${b}`).toString('base64'));
  const ordered = [...forms].filter((f) => f.length >= 3).sort((x, y) => y.length - x.length);
  return (text) => {
    let out = text;
    for (const f of ordered) out = out.split(f).join(REDACTED);
    return out;
  };
}
