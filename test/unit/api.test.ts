// The programmatic API: what `import { validate } from 'crisis-playbooks'` gives, and its
// hand-written declarations held to the implementation (tsc checks the assignment below).
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Declared from '../../types/index.js';
import { validate } from '../../src/api.js';

const declared: typeof Declared.validate = validate;
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

describe('validate (API)', () => {
  it('returns no problem and ok for a clean project', async () => {
    expect(await declared([], { cwd: `${FIXTURES}good`, cache: false })).toEqual({ ok: true, problems: [] });
  });

  it('returns the located problems of a broken one, paths relative to cwd', async () => {
    // A broken case is the base project with its own files over it.
    const cwd = mkdtempSync(join(tmpdir(), 'crisis-api-'));
    cpSync(`${FIXTURES}validate-base`, cwd, { recursive: true });
    cpSync(`${FIXTURES}broken/unknown-role-in-step`, cwd, { recursive: true });
    const { ok, problems } = await validate([], { cwd, cache: false });
    expect(ok).toBe(false);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: expect.stringMatching(/^playbooks\//), code: expect.any(String), line: expect.any(Number) }),
    );
  });

  it('reports a path that does not exist as a problem instead of throwing', async () => {
    const result = await validate(['nope.yaml'], { cwd: FIXTURES, cache: false });
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'file-missing', severity: 'error' }] });
  });
});
