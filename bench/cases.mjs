// Bench projects built from the shipped library (not tiny templates): playbooks and their templates
// copied N times, each copy unique (its own id, and a comment in every template so no parse is shared),
// and incidents made by one real `start`/`update`, then copied with new ids. Deterministic and fast.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SHIPPED_FACTS = {
  'supply-delay': [
    'affected_products=Alpine 2 tent,Trail 40 backpack',
    'cause=supplier',
    'compensation=free-shipping',
    'orders_affected=340',
    'new_ship_date=2026-03-17',
    'cause_details=Our tent supplier lost a week of production.',
  ],
};

/** The shipped playbooks copied until there are `count`, with their templates and the shared partials. */
export function libraryCopies(root, dir, count, config = readFileSync(join(root, 'crisis.config.yaml'), 'utf8')) {
  const ids = readdirSync(join(root, 'playbooks'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
  mkdirSync(join(dir, 'playbooks'), { recursive: true });
  writeFileSync(join(dir, 'crisis.config.yaml'), config);
  cpSync(join(root, 'templates', 'partials'), join(dir, 'templates', 'partials'), { recursive: true });
  for (let n = 0; n < count; n++) {
    const from = ids[n % ids.length];
    const id = `${from}-${n}`;
    const yaml = readFileSync(join(root, 'playbooks', `${from}.yaml`), 'utf8').replace(/^id: .*$/m, `id: ${id}`);
    writeFileSync(join(dir, 'playbooks', `${id}.yaml`), yaml);
    const src = join(root, 'templates', from);
    mkdirSync(join(dir, 'templates', id), { recursive: true });
    for (const name of readdirSync(src)) writeFileSync(join(dir, 'templates', id, name), `${readFileSync(join(src, name), 'utf8')}{{!-- copy ${n} --}}\n`);
  }
  return dir;
}

function crisis(bin, cwd, args, now) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CRISIS_NOW: now } });
  if (r.status !== 0) throw new Error(`crisis ${args.join(' ')} failed: ${r.stderr}`);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const crockford = (n, chars) => Array.from({ length: chars }, (_, i) => CROCKFORD[Math.floor(n / 32 ** (chars - 1 - i)) % 32]).join('');

const facts = (id) => SHIPPED_FACTS[id].flatMap((f) => ['--set', f]);

/** `count` open supply-delay incidents (English only, to keep the files few): one real start, copied. */
export function incidentCopies(root, bin, dir, count) {
  const config = readFileSync(join(root, 'crisis.config.yaml'), 'utf8').replace(/^languages: .*$/m, 'languages: [en]');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'crisis.config.yaml'), config);
  crisis(bin, dir, ['start', 'supply-delay', '--yes', ...facts('supply-delay'), '--out', 'seed'], '2026-03-10T08:00:00+01:00');
  const seedName = readdirSync(join(dir, 'seed'))[0];
  const seed = join(dir, 'seed', seedName);
  const files = ['timeline.jsonl', 'incident.yaml', 'checklist.md'];
  const texts = Object.fromEntries(files.map((f) => [f, readFileSync(join(seed, f), 'utf8')]));
  mkdirSync(join(dir, 'incidents'), { recursive: true });
  for (let i = 0; i < count; i++) {
    const minutes = i % 600; // started between 08:00 and 17:59, so some are overdue and some not
    const hh = String(8 + Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    const name = `20260310-${hh}${mm}-supply-delay-${i}`;
    const to = join(dir, 'incidents', name);
    cpSync(join(seed, 'statements'), join(to, 'statements'), { recursive: true });
    for (const f of files)
      writeFileSync(join(to, f), texts[f].replaceAll(seedName, name).replaceAll('2026-03-10T08:00:00+01:00', `2026-03-10T${hh}:${mm}:00+01:00`));
  }
  return dir;
}

/** One supply-delay incident (4 languages) with `updates` updates: a real start and update, the update copied. */
export function longIncident(root, bin, dir, updates) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'crisis.config.yaml'), readFileSync(join(root, 'crisis.config.yaml'), 'utf8'));
  crisis(bin, dir, ['start', 'supply-delay', '--yes', ...facts('supply-delay')], '2026-03-10T08:00:00+01:00');
  const name = readdirSync(join(dir, 'incidents'))[0];
  const inc = join(dir, 'incidents', name);
  if (updates === 0) return { dir, incident: name };
  crisis(bin, dir, ['update', name, '--yes', '--set', 'orders_affected=341'], '2026-03-10T09:00:00+01:00');
  const lines = readFileSync(join(inc, 'timeline.jsonl'), 'utf8').trimEnd().split('\n');
  const update = lines.pop();
  const out = [...lines];
  for (let u = 0; u < updates; u++) {
    const number = u + 2;
    const folder = `${String(number).padStart(2, '0')}-update`;
    const at = new Date(Date.parse('2026-03-10T09:00:00+01:00') + u * 60_000).toISOString();
    const event = JSON.parse(update.replaceAll('02-update', folder));
    event.number = number;
    event.at = at;
    // An update's changes are the facts' new values, as `crisis update --set` records them.
    event.changes = { orders_affected: 341 + u };
    // Event ids are unique in a real timeline: the copy keeps the real one's time part and numbers the rest.
    if (event.id) event.id = `${event.id.slice(0, -4)}${crockford(u, 4)}`;
    out.push(JSON.stringify(event));
    if (folder !== '02-update') cpSync(join(inc, 'statements', '02-update'), join(inc, 'statements', folder), { recursive: true });
  }
  writeFileSync(join(inc, 'timeline.jsonl'), `${out.join('\n')}\n`);
  return { dir, incident: name };
}
