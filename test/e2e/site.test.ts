// crisis site build, run as a user would: only signed-off status-page statements reach the site,
// every language gets its pages and feeds, Hebrew reads right to left, and a rebuild keeps the
// feed entries' ids while a new update adds an entry.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crisis } from './exec.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FACTS = ['--set', 'outage_scope=checkout', '--set', 'outage_started_at=-20m', '--set', 'charges_status=not-charged'];
let dir: string;
const run = (args: string[], now?: string) => crisis(args, { cwd: dir, env: now ? { CRISIS_NOW: now } : {} });
const ok = async (args: string[], now?: string) => {
  const r = await run(args, now);
  expect(r.stderr.replace(/^.*warning.*\n(  hint.*\n)*/gm, ''), args.join(' ')).toBe('');
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
};
const site = (path: string) => readFile(join(dir, 'status-site', path), 'utf8');
const atomIds = (xml: string) => [...xml.matchAll(/<entry[^>]*>[\s\S]*?<id>([^<]+)<\/id>/g)].map((m) => m[1]);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crisis-site-'));
  const config = await readFile(join(ROOT, 'crisis.config.yaml'), 'utf8');
  await writeFile(join(dir, 'crisis.config.yaml'), `${config}\nstatus_url: https://status.acme.example\n`);
});
afterEach(() => (process.env.KEEP ? undefined : rm(dir, { recursive: true, force: true })));

describe('crisis site build', () => {
  it('publishes only what is signed off, in every language, and keeps entry ids across rebuilds', async () => {
    const started = await ok(['start', 'site-outage', '--yes', ...FACTS]);
    const incident = started.stdout.trimEnd().split('\n').at(-1)!.split('/').at(-1)!;

    // Nothing signed off yet: the site is built, but says nothing about the incident.
    await ok(['site', 'build']);
    expect(await site('en/index.html')).not.toContain(incident);
    expect(atomIds(await site('en/atom.xml'))).toEqual([]);

    await ok(['approve', incident, 'status-page', '--as', 'comms-lead']);
    await ok(['site', 'build']);
    const langs = (await readdir(join(dir, 'status-site'))).filter((f) => !f.includes('.')).sort();
    expect(langs).toEqual(['en', 'fr', 'he', 'pl']);
    const first = atomIds(await site('en/atom.xml'));
    expect(first).toHaveLength(1);
    expect(await readdir(join(dir, 'status-site', 'he', 'incidents'))).toEqual([`${incident}.html`]);
    expect(await site(`he/incidents/${incident}.html`)).toMatch(/<html[^>]*lang="he"[^>]*dir="rtl"|<html[^>]*dir="rtl"[^>]*lang="he"/);
    expect(await site('en/index.html')).toMatch(/hreflang="fr"/);
    const feed = JSON.parse(await site('fr/feed.json'));
    expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', language: 'fr' });
    expect(feed.items[0]).toHaveProperty('content_html');
    // Self-contained (nothing loaded from anywhere: no src, no stylesheet link), and it says where to get help.
    for (const lang of langs)
      for (const f of await readdir(join(dir, 'status-site', lang)))
        if (f.endsWith('.html')) {
          const html = await site(`${lang}/${f}`);
          expect(html).not.toMatch(/\ssrc=|<link[^>]+rel="stylesheet"/);
          expect(html).toContain('href="https://acme.example/help"');
        }

    // An update not yet signed off changes nothing; once signed off it is a new entry, and the first keeps its id.
    await ok(['update', incident, '--set', 'cause=payment-provider'], '2026-03-10T11:00:00+01:00');
    await ok(['site', 'build']);
    expect(atomIds(await site('en/atom.xml'))).toEqual(first);
    await ok(['approve', incident, 'status-page', '--as', 'comms-lead'], '2026-03-10T11:05:00+01:00');
    await ok(['site', 'build']);
    const second = atomIds(await site('en/atom.xml'));
    expect(second).toHaveLength(2);
    expect(second).toContain(first[0]);
  });
});
