// Channel budgets where statements are made: a statement over its budget is written all the same
// (a crisis does not wait on a word count) and the command names it, by how much, in what unit.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { crisis } from './exec.js';

const GOOD = fileURLToPath(new URL('../fixtures/good/', import.meta.url));
const FACTS = ['--set', 'failing_methods=Visa,PayPal', '--set', 'orders_affected=12', '--set', 'detected_at=-20m', '--set', 'fix_eta=16:30'];
const LONG_NAME = 'Northern Lights Outdoor Equipment and Apparel Ltd.'; // 50 characters

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crisis-budget-'));
  await cp(GOOD, dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function config(extra: string) {
  const text = await readFile(join(dir, 'crisis.config.yaml'), 'utf8');
  await writeFile(join(dir, 'crisis.config.yaml'), text.replace('organization: Fixture Shop', `organization: ${LONG_NAME}\n${extra}`));
}

it('render writes an SMS over its budget, says which, by how much and in what unit, and exits 1', async () => {
  await config('');
  const r = await crisis(['render', 'checkout-down', '--lang', 'he', '--out', 'out', ...FACTS], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^out\/sms\.he\.txt: warning: sms \(he, start\) renders \d+ characters, 3 UCS-2 SMS segments: 1 over its budget of 2 \(sms\.max_segments 1, doubled for UCS-2\) \[too-long\]\n  hint: shorten the template \(org\.short_name for the organisation\)/,
  );
  expect(await readFile(join(dir, 'out', 'sms.he.txt'), 'utf8')).toContain(LONG_NAME);
});

it('counts characters against a length limit', async () => {
  await config('');
  const pb = join(dir, 'playbooks', 'checkout-down.yaml');
  await writeFile(pb, (await readFile(pb, 'utf8')).replace('{ id: sms, channel: sms,', '{ id: sms, channel: sms, max_length: 60,'));
  const r = await crisis(['render', 'checkout-down', '--lang', 'en', '--out', 'out', ...FACTS], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/sms \(en, start\) renders (\d+) characters: \d+ over its limit of 60 \[too-long\]/);
});

it('start writes the incident, warns on stderr about the Hebrew SMS in UCS-2 segments, and exits 0', async () => {
  await config('');
  const r = await crisis(['start', 'checkout-down', '--yes', ...FACTS], { cwd: dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(
    /statements\/01-start\/sms\.he\.txt: warning: sms \(he, start\) renders \d+ characters, 3 UCS-2 SMS segments: 1 over its budget of 2 \(sms\.max_segments 1, doubled for UCS-2\)/,
  );
  expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^incidents\/\d{8}-\d{4}-checkout-down$/);
});

it('fits with the short name SMS use, and sms.max_segments raises the budget', async () => {
  await config('short_name: Northern');
  const short = await crisis(['render', 'checkout-down', '--lang', 'he', '--out', 'out', ...FACTS], { cwd: dir });
  expect([short.code, short.stderr]).toEqual([0, '']);
  expect(await readFile(join(dir, 'out', 'sms.he.txt'), 'utf8')).toMatch(/^\u2068Northern\u2069: /);
  await cp(join(GOOD, 'crisis.config.yaml'), join(dir, 'crisis.config.yaml'));
  await config('sms: { max_segments: 2 }');
  const he = await crisis(['render', 'checkout-down', '--lang', 'he', '--out', 'out', ...FACTS], { cwd: dir });
  expect([he.code, he.stderr]).toEqual([0, '']);
});
