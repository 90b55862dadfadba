// `crisis schema [playbook|config]` prints the schemas the package also ships as files.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { crisis } from './exec.js';

const shipped = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../schema/${name}.schema.json`, import.meta.url)), 'utf8'));
const cwd = fileURLToPath(new URL('.', import.meta.url));

it.each([
  [[], 'playbook'],
  [['playbook'], 'playbook'],
  [['config'], 'config'],
])('schema %j prints the shipped %s schema', async (args, name) => {
  const run = await crisis(['schema', ...args], { cwd });
  expect([run.code, run.stderr]).toEqual([0, '']);
  expect(JSON.parse(run.stdout)).toEqual(shipped(name));
});

it('refuses another schema name with exit 2, naming the ones there are', async () => {
  const run = await crisis(['schema', 'incident'], { cwd });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('Allowed choices are playbook, config.');
});
