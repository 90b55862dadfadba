// crisis list [--json]: the playbooks found, with severities and cadence.
import { parsePlaybook } from '../playbook/index.js';
import { EXIT, type IO } from '../shell/io.js';
import { parseCache } from '../shell/parse-cache.js';
import { displayPath, findPlaybooks, readText } from '../shell/project.js';

export async function run(io: IO, _args: string[], opts: { json?: boolean; config?: string; playbooks?: string }): Promise<number> {
  const found = findPlaybooks({ cwd: io.cwd, ...(opts.config ? { config: opts.config } : {}), ...(opts.playbooks ? { playbooks: opts.playbooks } : {}) });
  const cache = parseCache(io.env);
  const rows = found.map((f) => {
    const file = displayPath(io.cwd, f.file);
    const parsed = parsePlaybook(file, readText(f.file), f.origin, cache);
    return { ...f, file, playbook: parsed.loaded?.playbook, problems: parsed.problems };
  });
  for (const r of rows.filter((r) => !r.playbook))
    io.stderr.write(`crisis: ${r.file} does not load (${r.problems[0]?.message ?? 'invalid'}); run crisis validate ${r.file}\n`);
  const ok = rows.filter((r) => r.playbook);
  if (opts.json) {
    const list = ok.map(({ playbook: pb, origin, file }) => ({
      id: pb!.id,
      title: pb!.title,
      summary: pb!.summary,
      severities: pb!.severities,
      source: origin,
      file,
    }));
    io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return EXIT.ok;
  }
  if (!ok.length) {
    io.stderr.write('crisis: no playbooks found; add playbooks/<id>.yaml or run crisis init\n');
    return EXIT.ok;
  }
  const width = Math.max(...ok.map((r) => r.id.length));
  for (const { id, playbook: pb, origin } of ok) {
    const cadence = pb!.severities.map((s) => `${s.id} ${s.cadence}`).join(', ');
    io.stdout.write(
      `${id.padEnd(width)}  ${pb!.title}${origin === 'shipped' ? '' : ` (${origin})`}\n${' '.repeat(width)}  ${pb!.summary}\n${' '.repeat(width)}  updates: ${cadence}\n`,
    );
  }
  return EXIT.ok;
}
