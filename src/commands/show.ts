// crisis show <playbook> [--json]: owners with roster names, inputs, steps by phase, statements.
import { type Config, FALLBACK_CONFIG, formatOf, languagesOf, PHASES, type Playbook } from '../playbook/index.js';
import { EXIT, type IO } from '../shell/io.js';
import { loadConfig, loadPlaybook } from '../shell/load.js';

export async function run(io: IO, [id]: string[], opts: { json?: boolean; config?: string; playbooks?: string }): Promise<number> {
  const project = { cwd: io.cwd, ...(opts.config ? { config: opts.config } : {}), ...(opts.playbooks ? { playbooks: opts.playbooks } : {}) };
  const config = loadConfig(project);
  const { loaded } = loadPlaybook(id!, project, config);
  const pb = loaded.playbook;
  const owners = Object.fromEntries(
    Object.entries(pb.owners).map(([role, duty]) => {
      const person = config?.roster[role];
      return [role, { duty, name: person?.name ?? null, contact: person?.contact ?? null }];
    }),
  );
  if (opts.json) {
    io.stdout.write(
      `${JSON.stringify({ ...pb, languages: languagesOf(pb, config ?? FALLBACK_CONFIG), owners, source: loaded.origin, file: loaded.source.file }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  io.stdout.write(describe(pb, owners, config));
  return EXIT.ok;
}

function describe(pb: Playbook, owners: Record<string, { duty: string; name: string | null; contact: string | null }>, config?: Config): string {
  const who = (role: string) => {
    const o = owners[role];
    return o?.name ? `${role} (${o.name})` : `${role} (no one on the roster)`;
  };
  const lines = [`${pb.title} [${pb.id}]`, pb.summary, ''];
  lines.push(
    'Severities:',
    ...pb.severities.map((s) => `  ${s.id}${s.id === pb.default_severity ? '*' : ' '} ${s.label}; customers hear from us every ${s.cadence}`),
    '',
  );
  lines.push('Owners:', ...Object.entries(owners).map(([role, o]) => `  ${who(role)}${o.contact ? ` ${o.contact}` : ''}: ${o.duty}`), '');
  lines.push(
    'Facts asked:',
    ...pb.inputs.map((i) => `  ${i.id} (${i.type}${i.required ? ', required' : ''}${i.choices ? `: ${i.choices.join(' | ')}` : ''}) ${i.prompt}`),
    '',
  );
  lines.push('Checklist:');
  for (const phase of PHASES) {
    const steps = pb.steps.filter((s) => s.phase === phase);
    if (!steps.length) continue;
    lines.push(`  ${phase}`);
    for (const s of steps) lines.push(`    ${s.id}: ${s.do}`, `      ${who(s.owner)}, within ${s.within}${s.from ? ` of ${s.from}` : ''}`);
  }
  lines.push('', `Statements (${languagesOf(pb, config ?? FALLBACK_CONFIG).join(', ')}):`);
  for (const s of pb.statements) lines.push(`  ${s.id}: ${s.channel} to ${s.audience}, ${formatOf(s)}, at ${s.stages.join(', ')}; approved by ${who(s.owner)}`);
  return `${lines.join('\n')}\n`;
}
