// The shell's edges with a fake IO on a real folder: the one commit every changing command makes,
// and the one printer of problems.
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mayBeInRepository } from '../../src/shell/git.js';
import { withIncident } from '../../src/shell/incident-command.js';
import type { IO } from '../../src/shell/io.js';
import { printProblems } from '../../src/shell/problems.js';
import { ID, started } from './timeline-fixture.js';

function fakeIO(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: IO = {
    cwd,
    env: {},
    interactive: false,
    color: false,
    now: () => new Date('2026-03-10T12:00:00+01:00'),
    responder: () => 'dana@laptop',
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
  };
  return { io, out, err };
}

async function project(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'crisis-shell-'));
  await cp(new URL('../fixtures/good/', import.meta.url), root, { recursive: true });
  const dir = join(root, 'incidents', ID);
  await mkdir(join(dir, 'statements', '01-start'), { recursive: true });
  await writeFile(join(dir, 'statements', '01-start', 'sms.en.txt'), 'Payments fail.\n');
  const start = started();
  // The second line is damaged: the commit goes on, and says so once.
  await writeFile(join(dir, 'timeline.jsonl'), `${JSON.stringify(start)}\n{"type": "upd\n`);
  return root;
}

describe('withIncident and commit', () => {
  it('appends the event with its id and responder, and rewrites the views from the state it leads to', async () => {
    const root = await project();
    const { io, err } = fakeIO(root);
    const next = await withIncident(
      io,
      ID,
      {},
      'done',
      ({ state, commit }) => commit({ type: 'step', at: '2026-03-10T11:00:00+01:00', step: 'confirm-scope', status: 'done' }) && state.steps,
    );
    expect(next).toEqual({}); // the state the command was given is the one before its event
    const lines = (await readFile(join(root, 'incidents', ID, 'timeline.jsonl'), 'utf8')).trim().split('\n');
    const event = JSON.parse(lines.at(-1)!);
    expect(event).toMatchObject({ type: 'step', step: 'confirm-scope', by: 'dana@laptop' });
    expect(event.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(await readFile(join(root, 'incidents', ID, 'checklist.md'), 'utf8')).toContain('- [x] **confirm-scope**');
    expect(await readFile(join(root, 'incidents', ID, 'incident.yaml'), 'utf8')).toContain(`id: ${ID}`); // the folder had none
    expect(err.join('')).toBe(
      `incidents/${ID}/timeline.jsonl:2:1: warning: damaged timeline line skipped [timeline-damaged]\n  hint: the line is not a JSON event; the rest of the timeline was read\n`,
    );
  });
});

describe('printProblems', () => {
  it('prints where, severity, cause, code and hint, paths from where the user stands', () => {
    const { io, err } = fakeIO('/project');
    printProblems(io, [
      {
        file: '/project/playbooks/x.yaml',
        line: 3,
        col: 5,
        code: 'schema-unknown-key',
        severity: 'error',
        message: 'unknown key "stpes"',
        hint: 'did you mean "steps"?',
      },
      { file: '', line: 0, col: 0, code: 'unknown-playbook', severity: 'error', message: 'no playbook "x"' },
    ]);
    expect(err.join('')).toBe(
      'playbooks/x.yaml:3:5: error: unknown key "stpes" [schema-unknown-key]\n  hint: did you mean "steps"?\ncrisis: error: no playbook "x" [unknown-playbook]\n',
    );
  });
});

describe('mayBeInRepository', () => {
  it('sees a .git in the folder or above, or GIT_DIR, and nothing in a folder outside any repository', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crisis-norepo-'));
    const deep = join(dir, 'a', 'b');
    await mkdir(deep, { recursive: true });
    expect(mayBeInRepository(deep, {})).toBe(false);
    expect(mayBeInRepository(deep, { GIT_DIR: join(dir, 'elsewhere.git') })).toBe(true);
    await mkdir(join(dir, 'a', '.git'));
    expect(mayBeInRepository(deep, {})).toBe(true);
  });
});
