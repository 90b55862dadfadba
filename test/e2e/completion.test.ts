// `crisis completion bash|zsh|fish`: scripts made from the command table. The bash one is run in
// bash, the way the shell calls it on Tab; zsh and fish are syntax-checked where installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crisis } from './exec.js';

const scratch = mkdtempSync(join(tmpdir(), 'crisis-completion-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const has = (shell: string) => spawnSync(shell, ['-c', 'true']).status === 0;

/** What bash offers for a command line whose last word is being completed. */
function complete(script: string, line: string[]): string[] {
  const file = join(scratch, 'crisis.bash');
  writeFileSync(file, script);
  const words = line.map((w) => `'${w}'`).join(' ');
  const out = execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _crisis; printf '%s\\n' "\${COMPREPLY[@]}"`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean);
}

describe('crisis completion', () => {
  it('bash completes commands, options and option values', async () => {
    const run = await crisis(['completion', 'bash'], { cwd: scratch });
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(complete(run.stdout, ['crisis', 'va'])).toEqual(['validate']);
    expect(complete(run.stdout, ['crisis', 'validate', '--f'])).toEqual(['--format']);
    expect(complete(run.stdout, ['crisis', 'validate', '--format', ''])).toEqual(['text', 'json', 'github', 'junit', 'sarif']);
    expect(complete(run.stdout, ['crisis', 'schema', ''])).toEqual(['playbook', 'config']);
    expect(complete(run.stdout, ['crisis', 'completion', 'f'])).toEqual(['fish']);
  });

  it.each(['zsh', 'fish'])('%s: a script its shell parses', async (shell) => {
    const run = await crisis(['completion', shell], { cwd: scratch });
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('validate');
    if (!has(shell)) return; // syntax-checked only where the shell is installed
    const file = join(scratch, `crisis.${shell}`);
    writeFileSync(file, run.stdout);
    expect(spawnSync(shell, ['-n', file], { encoding: 'utf8' }).stderr).toBe('');
  });

  it('refuses another shell with exit 2', async () => {
    const run = await crisis(['completion', 'powershell'], { cwd: scratch });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Allowed choices are bash, zsh, fish.');
  });
});
