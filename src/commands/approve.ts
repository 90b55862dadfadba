// crisis approve <incident> [statement...] --as <role>: the owner signs off the latest statements.
import { filesOf, signOffs } from '../incident/index.js';
import { didYouMean } from '../problem/index.js';
import { formatLocal, toZonedIso } from '../time/index.js';
import { fail } from '../shell/errors.js';
import { withIncident } from '../shell/incident-command.js';
import { hashesIn } from '../shell/incident-store.js';
import { EXIT, type IO } from '../shell/io.js';
import type { CommonOptions } from '../shell/options.js';
import { displayPath } from '../shell/project.js';

export async function run(io: IO, [ref, ...names]: string[], opts: CommonOptions & { as?: string }): Promise<number> {
  return withIncident(io, ref!, opts, 'approve', ({ dir, state, playbook: pb, config, now, commit }) => {
    const latest = state.stages.at(-1)!;
    const issued = [...new Set(latest.statements.map((s) => s.statement))];
    const ownerOf = (id: string) => pb.statements.find((s) => s.id === id)?.owner;
    const hashOf = hashesIn(dir);
    const approved = new Set(
      signOffs(state, latest, hashOf)
        .filter((s) => s.approval)
        .map((s) => s.statement),
    );
    const pending = issued.filter((id) => !approved.has(id));
    const role = opts.as;
    if (!role) {
      const roles = [...new Set(pending.map(ownerOf))].filter(Boolean);
      fail(
        'approve-needs-role',
        'say whose sign-off this is with --as <role>',
        roles.length ? `awaiting: ${pending.map((id) => `${id} (${ownerOf(id)})`).join(', ')}` : `everything in ${latest.folder} is signed off`,
        2,
      );
    }
    const person = config.roster[role]?.name;
    if (!person) fail('role-not-on-roster', `no one on the roster for role "${role}"`, hintRole(role, Object.keys(config.roster)));
    for (const name of names) {
      if (!issued.includes(name))
        fail('unknown-statement', `"${name}" was not issued in ${latest.folder}`, didYouMean(name, issued, `issued: ${issued.join(', ')}`));
      if (ownerOf(name) !== role) fail('not-owner', `${name} is approved by ${ownerOf(name)}, not ${role}`, `run it with --as ${ownerOf(name)}`);
    }
    const chosen = (names.length ? names : pending.filter((id) => ownerOf(id) === role)).filter((id) => !approved.has(id));
    if (!chosen.length) {
      io.stdout.write(`Nothing awaits ${role}'s sign-off in ${latest.folder}.\n${displayPath(io.cwd, dir)}\n`);
      return EXIT.ok;
    }
    // A sign-off is for the files as they are now: each one's hash is recorded, and a missing one cannot be approved.
    const files: Record<string, string> = {};
    for (const path of chosen.flatMap((id) => filesOf(latest, id))) {
      const hash = hashOf(path);
      if (!hash)
        fail(
          'statement-missing',
          `${path} is missing: it cannot be signed off unseen`,
          'restore it (from git, or render the stage again with crisis update) and approve again',
        );
      files[path] = hash;
    }
    const event = {
      at: toZonedIso(now, state.timezone),
      type: 'approved' as const,
      folder: latest.folder,
      ...(latest.id ? { stage_id: latest.id } : {}),
      statements: chosen,
      role,
      person,
      files,
    };
    if (opts.dryRun) return (io.stdout.write(`would approve ${chosen.join(', ')} of ${latest.folder} as ${person} (${role})\n`), EXIT.ok);
    commit(event);
    const still = pending.filter((id) => !chosen.includes(id));
    io.stdout.write(`Approved ${chosen.join(', ')} of ${latest.folder} as ${person} (${role}) at ${formatLocal(now, state.timezone)}\n`);
    if (still.length) io.stdout.write(`Still awaiting sign-off: ${still.map((id) => `${id} (${ownerOf(id)})`).join(', ')}\n`);
    io.stdout.write(`${displayPath(io.cwd, dir)}\n`);
    return EXIT.ok;
  });
}

function hintRole(role: string, roles: string[]): string {
  return didYouMean(role, roles, `roster: ${roles.join(', ') || 'empty'}; add the person under roster: in crisis.config.yaml`);
}
