// Sharing incidents through the repository's git remote: commit what is new here, fetch, merge
// (incident folders reconciled from their timelines, never by text), push, and again if someone
// pushed first. A conflict outside the incidents (two people edited a playbook line) aborts the
// merge: the local commits stay, nothing is lost, and the responder is told what to resolve.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  type DroppedApproval,
  incidentViews,
  mergeTimelines,
  parseTimeline,
  renderStage,
  type Renumbered,
  replay,
  severityOf,
  type TimelineEvent,
} from '../incident/index.js';
import type { Config } from '../playbook/index.js';
import { fail, ProblemsError } from './errors.js';
import { writeFileAtomic } from './fs.js';
import { firstLine, git, gitOk, NOT_SHARED, repositoryRoot, upstreamOf, type Upstream } from './git.js';
import { listIncidentDirs, TIMELINE } from './incident-store.js';
import { LockTimeout, withLock } from './lock.js';
import { loadPlaybook } from './load.js';
import type { ProjectOptions } from './project.js';

export type SyncContext = {
  project: ProjectOptions;
  config: Config;
  /** The incidents folder (--out). */
  root: string;
  responder: string;
  log: (text: string) => void;
  attempts?: number;
  /** How long to wait for a command writing one of the incidents. */
  lockTimeoutMs?: number;
};

export type SyncReport = {
  upstream: Upstream;
  committed: boolean;
  merged: { incident: string; renumbered: Renumbered[]; dropped: DroppedApproval[] }[];
  pushed: boolean;
  attempts: number;
};

/** Shares one incident folder (publish calls this to push its intents before sending). */
export function syncIncident(dir: string, ctx: SyncContext): Promise<SyncReport> {
  return syncPaths([dir], ctx);
}

/** Shares the given incident folders (or the whole incidents folder). */
export async function syncPaths(dirs: string[], ctx: SyncContext): Promise<SyncReport> {
  const root = await repositoryRoot(ctx.project.cwd);
  if (!root) {
    const why = (await hasGit()) ? `${ctx.project.cwd} is not in a git repository` : 'git is not installed';
    fail(
      'sync-no-git',
      `cannot share incidents: ${why}`,
      'everything works on this machine; to share, keep the project in a git repository with a remote (git init, git remote add origin <url>)',
    );
  }
  const upstream = await upstreamOf(root);
  if (!upstream)
    fail(
      'sync-no-remote',
      'cannot share incidents: the repository has no remote',
      'everything works on this machine; to share, add one: git remote add origin <url>',
    );
  const repo: string = root;
  const up: Upstream = upstream;
  const paths = dirs.map((d) => relative(root, d) || '.');
  const report: SyncReport = { upstream, committed: false, merged: [], pushed: false, attempts: 0 };
  const max = ctx.attempts ?? 5;
  // Each attempt holds the locks of the incidents it shares: a command here that wrote to one
  // between the commit and the merge would have its event overwritten by the merged timeline.
  const locked = dirs.flatMap((d) => (d === ctx.root ? listIncidentDirs(d) : existsSync(d) ? [d] : [])).sort();
  for (let attempt = 1; attempt <= max; attempt++) {
    const done = await withLocks(locked, () => attemptOnce(attempt), ctx.lockTimeoutMs ?? 15_000);
    if (done) return done;
    ctx.log(`crisis: someone pushed first; merging again (${attempt}/${max})\n`);
  }
  fail('sync-busy', `the remote kept moving: gave up after ${max} tries`, 'your work is committed here; run crisis sync again in a moment');

  async function attemptOnce(attempt: number): Promise<SyncReport | undefined> {
    report.attempts = attempt;
    report.committed = (await commitLocal(repo, paths, relative(repo, ctx.root), ctx.responder)) || report.committed;
    const fetched = await git(repo, ['fetch', '--quiet', up.remote, up.branch]);
    const remoteExists = fetched.code === 0;
    if (!remoteExists && !/couldn't find remote ref/i.test(fetched.stderr))
      fail(
        'sync-fetch-failed',
        `cannot reach ${up.remote}: ${firstLine(fetched.stderr)}`,
        'your work is committed here; run crisis sync again when the remote is reachable',
      );
    if (remoteExists) report.merged.push(...(await mergeRemote(repo, ctx)));
    const pushed = await git(repo, ['push', '--quiet', ...(remoteExists ? [] : ['-u']), up.remote, `HEAD:refs/heads/${up.branch}`]);
    if (pushed.code === 0) return { ...report, pushed: true };
    if (!/rejected|fetch first|non-fast-forward|stale info/i.test(pushed.stderr))
      fail('sync-push-failed', `push to ${up.remote} failed: ${firstLine(pushed.stderr)}`, 'your work is committed here; run crisis sync again');
    return undefined;
  }
}

/** Runs `fn` holding every folder's lock, taken in sorted order so two syncs never wait on each other. */
async function withLocks<T>(dirs: readonly string[], fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  if (!dirs.length) return fn();
  const [first, ...rest] = dirs;
  try {
    return await withLock(first!, () => withLocks(rest, fn, timeoutMs), { timeoutMs, command: 'sync' });
  } catch (err) {
    if (err instanceof LockTimeout)
      fail('incident-busy', `${first}: ${err.message}`, 'another crisis command is writing this incident; run crisis sync again in a moment');
    throw err;
  }
}

async function hasGit(): Promise<boolean> {
  try {
    return (await git('.', ['--version'])).code === 0;
  } catch {
    return false;
  }
}

/** Commits the incident folders' changes (nothing else the responder has staged), naming the incidents; true if there was something. */
async function commitLocal(root: string, paths: string[], incidentsRel: string, responder: string): Promise<boolean> {
  await gitOk(root, ['add', '-A', '--', ...paths, ...NOT_SHARED]);
  const staged = (await gitOk(root, ['diff', '--cached', '--name-only', '--', ...paths])).split('\n').filter(Boolean);
  if (!staged.length) return false;
  const names = incidentNames(staged, incidentsRel);
  await gitOk(root, ['commit', '--quiet', '--no-verify', '-m', `crisis: ${names.join(', ') || 'incidents'} (by ${responder})`, '--', ...paths]);
  return true;
}

/** The incident folders that repository paths fall in. */
const incidentNames = (paths: string[], incidentsRel: string) =>
  [...new Set(paths.map((p) => p.slice(incidentsRel ? incidentsRel.length + 1 : 0).split('/')[0]!))].filter(Boolean).sort();

/** Merges the fetched branch; incident folders changed on both sides are rebuilt from their merged timelines. */
async function mergeRemote(root: string, ctx: SyncContext) {
  const behind = await git(root, ['merge-base', '--is-ancestor', 'FETCH_HEAD', 'HEAD']);
  if (behind.code === 0) return []; // nothing new over there
  const ahead = await git(root, ['merge-base', '--is-ancestor', 'HEAD', 'FETCH_HEAD']);
  if (ahead.code === 0) return (await gitOk(root, ['merge', '--quiet', '--ff-only', 'FETCH_HEAD']), []); // nothing new here: take theirs as it is
  const started = await git(root, ['merge', '--no-ff', '--no-commit', '--no-edit', 'FETCH_HEAD']);
  const unmerged = (await git(root, ['diff', '--name-only', '--diff-filter=U'])).stdout.split('\n').filter(Boolean);
  if (started.code !== 0 && !unmerged.length && !existsSync(join(root, '.git', 'MERGE_HEAD'))) {
    fail(
      'sync-merge-refused',
      `git could not merge ${firstLine(started.stderr || started.stdout)}`,
      'commit or stash your other changes, then run crisis sync again; your incident commits are kept',
    );
  }
  const incidentsRel = relative(root, ctx.root);
  const inIncidents = (p: string) => incidentsRel === '' || p === incidentsRel || p.startsWith(`${incidentsRel}/`);
  const outside = unmerged.filter((p) => !inIncidents(p));
  if (outside.length) {
    await git(root, ['merge', '--abort']);
    fail(
      'sync-conflict',
      `${outside.join(', ')} ${outside.length > 1 ? 'were' : 'was'} changed on both sides`,
      'nothing was lost: your commits are kept and the merge was undone; run git pull, resolve the file by hand, commit, then crisis sync',
    );
  }
  // Incident folders the two sides disagree on: rebuilt from both timelines.
  const differ = (await git(root, ['diff', '--name-only', 'HEAD', 'MERGE_HEAD', '--', incidentsRel || '.'])).stdout.split('\n').filter(Boolean);
  const incidents = incidentNames(differ, incidentsRel);
  const merged = [];
  try {
    for (const name of incidents) {
      const result = await reconcile(root, join(incidentsRel, name), ctx);
      if (result) merged.push({ incident: name, ...result });
    }
  } catch (err) {
    await git(root, ['merge', '--abort']);
    throw err;
  }
  const left = (await git(root, ['diff', '--name-only', '--diff-filter=U'])).stdout.trim();
  if (left) {
    await git(root, ['merge', '--abort']);
    fail('sync-conflict', `could not merge ${left.split('\n').join(', ')}`, 'nothing was lost: the merge was undone; run git pull and resolve it by hand');
  }
  const names = merged.map((m) => m.incident);
  await gitOk(root, [
    'commit',
    '--quiet',
    '--no-verify',
    '-m',
    `crisis sync: ${names.length ? names.join(', ') : incidents.join(', ') || 'playbooks'} merged (by ${ctx.responder})`,
  ]);
  return merged;
}

const show = async (root: string, rev: string, path: string) => {
  const r = await git(root, ['show', `${rev}:${path.split(sep).join('/')}`]);
  return r.code === 0 ? r.stdout : undefined;
};

/** One incident folder, rebuilt from the union of both timelines; stage files come from the side that wrote them, or are rendered again where a stage moved. */
async function reconcile(root: string, rel: string, ctx: SyncContext) {
  const [oursText, theirsText] = await Promise.all([show(root, 'HEAD', join(rel, TIMELINE)), show(root, 'MERGE_HEAD', join(rel, TIMELINE))]);
  if (oursText === undefined || theirsText === undefined) return undefined; // only one side has it: git merged it whole
  const ours = parseTimeline(TIMELINE, oursText).events;
  const theirs = parseTimeline(TIMELINE, theirsText).events;
  const merged = mergeTimelines(ours, theirs);
  const state = replay(merged.events);
  if (!state) fail('timeline-no-start', `${rel}: no start event in either timeline`, 'crisis doctor checks an incident folder');
  const dir = join(root, rel);
  const folderOf = (events: TimelineEvent[]) => new Map(events.flatMap((e) => ('folder' in e && e.type !== 'approved' ? [[e.id, e.folder] as const] : [])));
  const oursAt = folderOf(ours);
  const theirsAt = folderOf(theirs);
  const fromOurs: string[] = [];
  const fromTheirs: string[] = [];
  const rerender: number[] = [];
  state.stages.forEach((s, i) => {
    if (oursAt.get(s.id) === s.folder) fromOurs.push(s.folder);
    else if (theirsAt.get(s.id) === s.folder) fromTheirs.push(s.folder);
    else rerender.push(i);
  });
  // The statements are rebuilt whole: a folder git merged by text could hold both sides' files.
  const statements = join(dir, 'statements');
  await git(root, ['rm', '-r', '-q', '--cached', '--ignore-unmatch', '--', join(rel, 'statements')]);
  rmSync(statements, { recursive: true, force: true });
  const checkout = async (rev: string, folders: string[]) => {
    if (folders.length) await gitOk(root, ['checkout', rev, '--', ...folders.map((f) => join(rel, 'statements', f))]);
  };
  await checkout('HEAD', fromOurs);
  await checkout('MERGE_HEAD', fromTheirs);
  const { loaded, templates } = loadPlaybook(state.playbook, ctx.project, ctx.config);
  const pb = loaded.playbook;
  const cache = ctx.project.cache;
  for (const i of rerender) {
    const record = state.stages[i]!;
    const event = merged.events.find((e) => e.id === record.id)!;
    const before = replay(merged.events.slice(0, merged.events.indexOf(event)))!;
    const changes = event.type === 'updated' || event.type === 'resolved' ? event.changes : {};
    const severity = severityOf(pb, record.severity) ?? pb.severities[0]!;
    const r = renderStage({
      playbook: pb,
      config: ctx.config,
      templates,
      ...(cache ? { cache } : {}),
      id: state.id,
      title: state.title,
      severity,
      languages: state.languages,
      facts: { ...before.answers, ...changes },
      previous: before.answers,
      stage: record.stage,
      number: record.number,
      updateNumber: record.stage === 'update' ? before.update_number + 1 : before.update_number,
      startedAt: state.started_at,
      now: new Date(event.at),
      nextUpdate: event.type === 'updated' ? event.next_update_at : null,
    });
    if (!r.ok) throw new ProblemsError(r.problems);
    for (const f of r.stage.files) {
      mkdirSync(join(dir, f.path, '..'), { recursive: true });
      writeFileAtomic(join(dir, f.path), f.content);
    }
  }
  if (existsSync(statements))
    for (const name of readdirSync(statements))
      if (!state.stages.some((s) => s.folder === name)) rmSync(join(statements, name), { recursive: true, force: true });
  // Views as of the last event, so whichever machine merges writes the same files.
  const asOf = new Date(Math.max(...merged.events.map((e) => Date.parse(e.at))));
  writeFileAtomic(join(dir, TIMELINE), merged.events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  for (const f of incidentViews(state, pb, ctx.config, asOf, merged.events)) writeFileAtomic(join(dir, f.path), f.content);
  await gitOk(root, ['add', '-A', '--', rel, ...NOT_SHARED]);
  return { renumbered: merged.renumbered.filter((r) => rerender.some((i) => state.stages[i]!.id === r.id)), dropped: merged.dropped };
}
