// A command killed in the middle of its writes (SIGKILL: no handler runs, as when a laptop dies),
// and an incident folder damaged by hand: the next command finds it consistent, cleans what the
// dead one left, and numbers the next stage right. CRISIS_FAULT_KILL_AFTER_WRITES=N (a test hook
// in src/shell/fs.ts) kills the process right after its N-th atomic file write.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { crisis, type Result } from './exec.js';

const GOOD = fileURLToPath(new URL('../fixtures/good/', import.meta.url));
const FACTS = ['--set', 'failing_methods=Visa,PayPal', '--set', 'detected_at=-20m'];
const NAME = '20260310-1000-checkout-down';
// checkout-down in en and he: start writes 6 statements + incident.yaml + checklist.md; update 4, the timeline append, then 2.
const START_WRITES = 8;
const UPDATE_WRITES = 7;

let root: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'crisis-crash-'));
  await cp(GOOD, root, { recursive: true });
  out = join(root, 'incidents');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs crisis in the project; `killAfter` arms the fault hook. The template cache is off so only incident files count as writes. */
function run(args: string[], killAfter?: number): Promise<Result> {
  const env: Record<string, string> = { CRISIS_CACHE_DIR: 'off' };
  if (killAfter) env.CRISIS_FAULT_KILL_AFTER_WRITES = String(killAfter);
  return crisis([...args, '--out', out], { cwd: root, env });
}

async function ok(args: string[]): Promise<Result> {
  const r = await run(args);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

const folderOf = (name = NAME) => join(out, name);
const timeline = async (dir = folderOf()) =>
  (await readFile(join(dir, 'timeline.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const tree = async (dir: string) => (await readdir(dir, { recursive: true })).map((e) => relative(dir, join(dir, e))).sort();
const leftovers = async (dir: string) => (await tree(dir)).filter((p) => /(^|\/)\.(lock|tmp)|\.tmp$/.test(p));

/** The invariants of an incident after a command ran to its end: every stage folder is in the timeline and complete, the views agree. */
async function expectConsistent(dir: string, updates: number): Promise<void> {
  const events = await timeline(dir);
  const stages = events.filter((e) => e.type === 'started' || e.type === 'updated');
  expect(stages.map((e) => e.folder)).toEqual(['01-start', ...Array.from({ length: updates }, (_, i) => `${String(i + 2).padStart(2, '0')}-update`)]);
  expect((await readdir(join(dir, 'statements'))).sort()).toEqual(stages.map((e) => e.folder));
  for (const e of stages) {
    expect((await readdir(join(dir, 'statements', e.folder))).sort()).toEqual(e.statements.map((s: { path: string }) => s.path.split('/').at(-1)).sort());
    for (const s of e.statements) expect(await readFile(join(dir, s.path), 'utf8')).toMatch(/\S\n$/);
  }
  expect(parse(await readFile(join(dir, 'incident.yaml'), 'utf8'))).toMatchObject({ update_number: updates });
  expect(await readFile(join(dir, 'checklist.md'), 'utf8')).toContain('confirm-scope');
  expect(await leftovers(dir)).toEqual([]);
}

describe('crisis update killed mid-write', () => {
  for (let n = 1; n <= UPDATE_WRITES; n++) {
    it(`after write ${n} of ${UPDATE_WRITES}: the next update finds it consistent and numbers its stage right`, async () => {
      await ok(['start', 'checkout-down', '--yes', ...FACTS]);
      await ok(['update', NAME, '--set', 'orders_affected=5']);
      const killed = await run(['update', NAME, '--set', 'orders_affected=7'], n);
      expect(killed.code).toBe(null); // ended by the signal
      // The dead command's stage is either whole and in the timeline, or not a stage at all.
      const events = await timeline();
      const landed = events.some((e) => e.type === 'updated' && e.changes.orders_affected === 7);
      const folders = (await readdir(join(folderOf(), 'statements'))).filter((f) => !f.startsWith('.'));
      expect(folders).toEqual(landed ? ['01-start', '02-update', '03-update'] : ['01-start', '02-update']);

      const next = await ok(['update', NAME, '--set', 'orders_affected=9']);
      expect(next.stderr).toBe('');
      expect(next.stdout).toContain(`statements/${landed ? '04' : '03'}-update/`);
      await expectConsistent(folderOf(), landed ? 3 : 2);
      expect((await timeline()).at(-1).changes).toEqual({ orders_affected: 9 });
    });
  }

  it("the first kill leaves the dead holder's lock and a half-built stage aside, never a numbered folder", async () => {
    await ok(['start', 'checkout-down', '--yes', ...FACTS]);
    expect((await run(['update', NAME, '--set', 'orders_affected=7'], 1)).code).toBe(null);
    const left = await leftovers(folderOf());
    expect(left).toContain('.lock');
    expect(left.some((p) => /^statements\/\.tmp-02-update-[0-9a-f]{8}$/.test(p))).toBe(true);
    expect((await timeline()).map((e) => e.type)).toEqual(['started']);
    // A reader is not confused by it: status shows the incident as it was.
    const status = await ok(['status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject([{ id: NAME, stage: 'start', update_number: 0 }]);
  });

  it('a stage folder renamed into place but never appended to the timeline is moved aside, with a word, and its number reused', async () => {
    // The one window the write counter cannot stop in (between the folder's rename and the
    // timeline append), together with a temp file and a lock moved aside by a dead contender.
    await ok(['start', 'checkout-down', '--yes', ...FACTS]);
    const dir = folderOf();
    await cp(join(dir, 'statements', '01-start'), join(dir, 'statements', '02-update'), { recursive: true });
    await writeFile(join(dir, `.incident.yaml.99999.0badf00d.tmp`), 'update_number: 4');
    await writeFile(join(dir, '.lock.stale-0badf00d'), '{}');
    // A contender's lock files are in use while young: only an old one is a leftover.
    const old = new Date(Date.now() - 5 * 60_000);
    await utimes(join(dir, '.lock.stale-0badf00d'), old, old);
    const r = await ok(['update', NAME, '--set', 'orders_affected=9']);
    const aside =
      /^crisis: statements\/02-update is not in timeline\.jsonl \(the command that wrote it did not finish\): moved to statements\/(\.orphaned-02-update-[0-9a-f]{8})\n$/.exec(
        r.stderr,
      );
    expect(aside, r.stderr).not.toBeNull();
    // Never deleted: what it held is still there, beside the stage that took its number.
    expect(await readFile(join(dir, 'statements', aside![1]!, 'customer-email.en.md'), 'utf8')).toBe(
      await readFile(join(dir, 'statements', '01-start', 'customer-email.en.md'), 'utf8'),
    );
    await rm(join(dir, 'statements', aside![1]!), { recursive: true });
    await expectConsistent(dir, 1);
    expect(await readFile(join(dir, 'statements', '02-update', 'customer-email.en.md'), 'utf8')).toContain('9 orders did not go through');
  });
});

describe('crisis start killed mid-write', () => {
  for (let n = 1; n <= START_WRITES; n++) {
    it(`after write ${n} of ${START_WRITES}: no incident, nothing listed; the next start cleans up and the incident resumes`, async () => {
      const killed = await run(['start', 'checkout-down', '--yes', ...FACTS], n);
      expect(killed.code).toBe(null);
      const left = await readdir(out);
      expect(left).toHaveLength(1);
      expect(left[0]).toMatch(/^\.tmp-\d+-[0-9a-f]{8}-20260310-1000-checkout-down$/);
      const status = await ok(['status', '--json']);
      expect(JSON.parse(status.stdout)).toEqual([]);
      expect(status.stderr).toBe('');

      const again = await ok(['start', 'checkout-down', '--yes', ...FACTS]);
      expect(again.stdout.trimEnd().split('\n').at(-1)).toBe(join('incidents', NAME)); // the name is free: no -2
      expect(await readdir(out)).toEqual([NAME]);
      await ok(['update', NAME, '--set', 'orders_affected=3']);
      await expectConsistent(folderOf(), 1);
    });
  }

  it('a temp folder of a start still running is left alone', async () => {
    // Our own test process stands in for a start in progress: its pid is alive.
    const busy = join(out, `.tmp-${process.pid}-0badf00d-20260310-0959-checkout-down`);
    await mkdir(busy, { recursive: true });
    await ok(['start', 'checkout-down', '--yes', ...FACTS]);
    expect(existsSync(busy)).toBe(true);
  });
});

describe('a damaged incident', () => {
  it('a garbage line in the middle of the timeline is reported with its number; the rest is read', async () => {
    await ok(['start', 'checkout-down', '--yes', ...FACTS]);
    await ok(['update', NAME, '--set', 'orders_affected=5']);
    await ok(['update', NAME, '--set', 'orders_affected=6']);
    const file = join(folderOf(), 'timeline.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, [lines[0], '{"at": "2026-03-10T10:05:00+01:00", "type": "upd', '\u0000garbage\u00ff', ...lines.slice(1)].join('\n'));

    const status = await ok(['status', '--json']);
    // Every command prints problems one way: where, severity, cause, code, then the hint.
    const hint = '  hint: the line is not a JSON event; the rest of the timeline was read\n';
    expect(status.stderr).toBe(
      `incidents/${NAME}/timeline.jsonl:2:1: warning: damaged timeline line skipped [timeline-damaged]\n${hint}` +
        `incidents/${NAME}/timeline.jsonl:3:1: warning: damaged timeline line skipped [timeline-damaged]\n${hint}`,
    );
    expect(JSON.parse(status.stdout)).toMatchObject([{ id: NAME, stage: 'update', update_number: 2 }]);

    const update = await ok(['update', NAME, '--set', 'orders_affected=7']);
    expect(update.stderr).toContain(`incidents/${NAME}/timeline.jsonl:2:1: warning: damaged timeline line skipped`);
    expect(update.stdout).toContain('statements/04-update/');
    expect(parse(await readFile(join(folderOf(), 'incident.yaml'), 'utf8'))).toMatchObject({ update_number: 3, answers: { orders_affected: 7 } });
  });

  it('status keeps listing the other incidents when one cannot be read', async () => {
    await ok(['start', 'checkout-down', '--yes', ...FACTS]);
    await cp(join(root, 'incidents', NAME), join(out, `${NAME}-2`), { recursive: true });
    await cp(join(root, 'incidents', NAME), join(out, `${NAME}-3`), { recursive: true });
    // -2: its timeline is a folder; -3: its timeline has no start event.
    await rm(join(out, `${NAME}-2`, 'timeline.jsonl'));
    await mkdir(join(out, `${NAME}-2`, 'timeline.jsonl'));
    await writeFile(join(out, `${NAME}-3`, 'timeline.jsonl'), 'not json\n');
    const status = await run(['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).map((r: { id: string }) => r.id)).toEqual([NAME]);
    expect(status.stderr).toBe(
      `incidents/${NAME}-2/timeline.jsonl:1:1: error: timeline not read: EISDIR [timeline-unreadable]\n  hint: an incident folder holds plain files; restore timeline.jsonl\n` +
        `incidents/${NAME}-3/timeline.jsonl:1:1: warning: damaged timeline line skipped [timeline-damaged]\n  hint: the line is not a JSON event; the rest of the timeline was read\n` +
        `incidents/${NAME}-3/timeline.jsonl:1:1: error: the timeline has no start event [timeline-no-start]\n  hint: this folder is not a complete incident\n`,
    );
    const text = await run(['status']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`incidents/${NAME}\n`);
  });

  it('incident.yaml and checklist.md, deleted or edited by hand, are rebuilt from the timeline by the next writing command', async () => {
    await ok(['start', 'checkout-down', '--yes', ...FACTS]);
    await ok(['update', NAME, '--set', 'orders_affected=5']);
    const dir = folderOf();
    const record = await readFile(join(dir, 'incident.yaml'), 'utf8');
    const checklist = await readFile(join(dir, 'checklist.md'), 'utf8');

    await rm(join(dir, 'incident.yaml'));
    await rm(join(dir, 'checklist.md'));
    // The timeline is the record: status reads it, not the views.
    expect(JSON.parse((await ok(['status', '--json'])).stdout)).toMatchObject([{ update_number: 1 }]);
    await ok(['done', NAME, 'confirm-scope']);
    expect(await readFile(join(dir, 'incident.yaml'), 'utf8')).toBe(record);
    expect(await readFile(join(dir, 'checklist.md'), 'utf8')).toContain('- [x] **confirm-scope**');

    await writeFile(join(dir, 'incident.yaml'), record.replace('update_number: 1', 'update_number: 99').replace('severity: sev2', 'severity: sev1'));
    await writeFile(join(dir, 'checklist.md'), '# nothing to see\n');
    expect(JSON.parse((await ok(['status', '--json'])).stdout)).toMatchObject([{ severity: 'sev2', update_number: 1 }]);
    await ok(['done', NAME, 'first-statement', '--skip']);
    expect(await readFile(join(dir, 'incident.yaml'), 'utf8')).toBe(record);
    const rebuilt = await readFile(join(dir, 'checklist.md'), 'utf8');
    expect(rebuilt).not.toBe(checklist);
    expect(rebuilt).toContain('- [x] **confirm-scope**');
    expect(rebuilt).toMatch(/first-statement[^]*skipped/);
    expect((await stat(join(dir, 'timeline.jsonl'))).isFile()).toBe(true);
  });
});
