// ajv errors -> located problems that say what is allowed.
import type { SchemaError } from '../generated/validators.js';
import type { SourceFile } from './model.js';
import { closest, problem, type Problem } from '../problem/index.js';
import { locate } from './yaml-source.js';

type SchemaNode = { properties?: Record<string, unknown>; enum?: unknown[]; $ref?: string; [k: string]: unknown };

const PATTERN_MEANING: Record<string, string> = {
  kebabId: 'lowercase letters, digits and dashes (kebab-case), e.g. "confirm-scope"',
  duration: 'a duration: a whole number and m, h or d, e.g. "30m", "2h", "3d"',
};
// Patterns written inline in the schemas, by their text.
const INLINE_PATTERN_MEANING: Record<string, string> = {
  '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$': 'a language tag (BCP 47), e.g. "en", "fr", "pt-BR"',
  '^[a-z][a-z0-9_]*$': 'lowercase letters, digits and underscores, starting with a letter (snake_case), e.g. "new_ship_date"',
};

/** The schema node an error's schemaPath points into (the parent of the failing keyword). */
function schemaNodeAt(root: SchemaNode, schemaPath: string): SchemaNode | undefined {
  const parts = schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1);
  let node: unknown = root;
  for (const part of parts) node = (node as Record<string, unknown> | undefined)?.[decodeURIComponent(part)];
  return node as SchemaNode | undefined;
}

export function schemaProblems(errors: readonly SchemaError[], source: SourceFile, schema: SchemaNode, value: unknown): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  // `stpes:` is an unknown key and leaves `steps` missing: the unknown key's "did you mean" says both.
  const misspelt = new Set(
    errors.flatMap((e) => {
      const guess = e.keyword === 'additionalProperties' ? unknownKey(e, schema).guess : undefined;
      return guess ? [`${e.instancePath}/${guess}`] : [];
    }),
  );
  for (const e of errors) {
    if (e.keyword === 'required' && misspelt.has(`${e.instancePath}/${String(e.params.missingProperty)}`)) continue;
    // A key's own failure (its pattern) comes with the propertyNames error that names it: keep that one.
    if ('propertyName' in e) continue;
    // Why each form of a oneOf failed at the very place it failed: its oneOf problem says it once.
    if (
      /\/oneOf\/\d+\/[^/]+$/.test((e as { schemaPath?: string }).schemaPath ?? '') &&
      errors.some((o) => o.keyword === 'oneOf' && o.instancePath === e.instancePath)
    )
      continue;
    const p = describe(e, source, schema, value);
    // One problem a place: `enum` inside `anyOf` and friends report the same spot several times.
    const key = `${p.line}:${p.col}:${p.message}`;
    if (!seen.has(key)) (out.push(p), seen.add(key));
  }
  return out;
}

function unknownKey(e: SchemaError & { schemaPath?: string }, schema: SchemaNode): { key: string; allowed: string[]; guess?: string } {
  const key = String(e.params.additionalProperty);
  const allowed = Object.keys((e.schemaPath ? schemaNodeAt(schema, e.schemaPath) : undefined)?.properties ?? {});
  const guess = closest(key, allowed);
  return { key, allowed, ...(guess ? { guess } : {}) };
}

function describe(e: SchemaError & { schemaPath?: string }, source: SourceFile, schema: SchemaNode, root: unknown): Problem {
  const where = (pointer: string, key = false) => locate(source, pointer, { key });
  const field = fieldName(e.instancePath);
  const inside = e.instancePath ? ` in ${fieldName(e.instancePath)}` : '';
  switch (e.keyword) {
    case 'additionalProperties': {
      const { key, allowed, guess } = unknownKey(e, schema);
      return problem(
        'schema-unknown-key',
        `unknown key "${key}"${inside}`,
        where(`${e.instancePath}/${key}`, true),
        guess ? `did you mean "${guess}"? allowed: ${allowed.join(', ')}` : `allowed: ${allowed.join(', ')}`,
      );
    }
    case 'required': {
      const key = String(e.params.missingProperty);
      return problem('schema-missing-key', `missing required key "${key}"${inside}`, where(e.instancePath), `add ${key}:`);
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const value = valueAt(root, e.instancePath);
      const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
      return problem(
        'schema-not-allowed',
        `${field} must be one of: ${allowed.join(', ')}`,
        where(e.instancePath),
        guess ? `did you mean "${guess}"?` : undefined,
      );
    }
    case 'pattern': {
      const def = /\$defs\/(\w+)\/pattern$/.exec(e.schemaPath ?? '')?.[1];
      const pattern = String(e.params.pattern);
      const meaning = (def && PATTERN_MEANING[def]) ?? INLINE_PATTERN_MEANING[pattern] ?? `text matching ${pattern}`;
      return problem('schema-bad-format', `${field} must be ${meaning}`, where(e.instancePath));
    }
    case 'type':
      return problem('schema-wrong-type', `${field} must be ${article(String(e.params.type))}`, where(e.instancePath));
    case 'propertyNames': {
      const key = String(e.params.propertyName);
      const names = (e.schemaPath ? schemaNodeAt(schema, e.schemaPath) : undefined)?.propertyNames as { enum?: string[] } | undefined;
      if (names?.enum) {
        const guess = closest(key, names.enum);
        return problem(
          'schema-not-allowed',
          `${field} key "${key}" must be one of: ${names.enum.join(', ')}`,
          where(`${e.instancePath}/${escapePointer(key)}`, true),
          guess ? `did you mean "${guess}"?` : undefined,
        );
      }
      const kebab = key
        .trim()
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      return problem(
        'schema-bad-key',
        `${field} key "${key}" is not kebab-case`,
        where(`${e.instancePath}/${escapePointer(key)}`, true),
        kebab ? `use lowercase letters, digits and dashes: "${kebab}"` : 'use lowercase letters, digits and dashes, e.g. "comms-lead"',
      );
    }
    // ajv's own wording ("must NOT have fewer than 1 items") reads like a compiler: say it plainly.
    case 'minItems':
    case 'minProperties': {
      const n = Number(e.params.limit);
      const noun = e.keyword === 'minItems' ? 'item' : 'entry';
      return problem(
        `schema-${e.keyword === 'minItems' ? 'min-items' : 'min-properties'}`,
        `${field} needs at least ${n} ${n === 1 ? noun : noun === 'item' ? 'items' : 'entries'}`,
        where(e.instancePath),
      );
    }
    case 'minLength':
      return problem(
        'schema-min-length',
        Number(e.params.limit) === 1 ? `${field} must not be empty` : `${field} needs at least ${String(e.params.limit)} characters`,
        where(e.instancePath),
      );
    case 'minimum':
      return problem('schema-minimum', `${field} must be at least ${String(e.params.limit)}`, where(e.instancePath));
    case 'uniqueItems': {
      const list = valueAt(root, e.instancePath);
      const twice = Array.isArray(list) ? list[Number(e.params.i)] : undefined;
      return problem(
        'schema-unique-items',
        `${field} has ${twice === undefined ? 'an item' : JSON.stringify(twice)} twice`,
        where(`${e.instancePath}/${String(e.params.i)}`),
        'list each one once',
      );
    }
    case 'oneOf': {
      // The forms allowed, by the key each one requires (a publish target: smtp, slack, ...).
      const forms = ((e.schemaPath ? schemaNodeAt(schema, e.schemaPath) : undefined)?.oneOf as { required?: string[]; type?: string }[] | undefined) ?? [];
      const keys = forms.flatMap((f) => f.required ?? []);
      const types = forms.flatMap((f) => (f.type ? [article(f.type)] : []));
      return problem(
        'schema-one-of',
        keys.length
          ? `${field} must have exactly one of: ${keys.join(', ')}`
          : types.length === forms.length
            ? `${field} must be ${types.join(' or ')}`
            : `${field} must take exactly one of the forms allowed`,
        where(e.instancePath),
        keys.length ? `keep one of ${keys.join(', ')} and remove the others` : undefined,
      );
    }
    default:
      return problem(`schema-${e.keyword.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, `${field} ${e.message ?? 'is invalid'}`, where(e.instancePath));
  }
}

/** `/steps/0/owner` -> `steps[0].owner`, the way a reader of the YAML names it; the root is "document". */
function fieldName(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (!parts.length) return 'document';
  return parts.reduce((name, part, i) => (/^\d+$/.test(part) ? `${name}[${part}]` : i === 0 ? part : `${name}.${part}`), '');
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

const article = (type: string) => (type === 'array' ? 'a list' : type === 'object' ? 'a mapping' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}
