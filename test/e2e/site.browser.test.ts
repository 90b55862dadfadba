// `crisis site build` as a customer sees the site, in Debian's Chromium driven by playwright-core,
// opened from disk: nothing requested beyond the site's own pages and no console error on any of
// them, open incidents listed before resolved ones with their state, every signed-off update of an
// incident in order (and nothing awaiting sign-off), Hebrew laid out right to left, the language
// links leading to the same incident in the other language, a fact holding <script> shown as
// text, and feeds the browser's own XML parser accepts. Screenshots are kept in a temp folder (its
// path is logged).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium } from './browser.js';
import { crisis } from './exec.js';

// The page's globals, typed only as far as these checks use them (the project compiles without the DOM lib).
type Box = { left: number; right: number; top: number; width: number };
type El = { getBoundingClientRect(): Box; textContent: string | null; firstChild: unknown; lang: string };
declare const document: {
  documentElement: El & { scrollWidth: number; clientWidth: number };
  title: string;
  scripts: { length: number };
  querySelector(s: string): El | null;
  createRange(): { selectNodeContents(n: unknown): void; getBoundingClientRect(): Box };
};
declare function getComputedStyle(el: unknown): { direction: string; paddingLeft: string; paddingRight: string };
declare class DOMParser {
  parseFromString(text: string, type: string): { getElementsByTagName(n: string): { length: number; [i: number]: El } };
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LANGS = ['en', 'fr', 'pl', 'he'];
const HOSTILE = '<script>document.title="pwned"</script> ]]>';
const paris = (hhmm: string) => `2026-03-10T${hhmm}:00+01:00`;
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!;

describeInBrowser('the status site in a browser', () => {
  let dir: string;
  let site: string;
  let shots: string;
  let context: BrowserContext;
  /** The open incident (monitoring, three updates signed off and one awaiting) and the resolved one. */
  let open: string;
  let resolved: string;

  const run = async (args: string[], hhmm: string) => {
    const r = await crisis(args, { cwd: dir, env: { CRISIS_NOW: paris(hhmm) } });
    if (r.code !== 0) throw new Error(`crisis ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crisis-site-browser-'));
    shots = await mkdtemp(join(tmpdir(), 'crisis-site-shots-'));
    console.info(`site screenshots: ${shots}`);
    const config = await readFile(join(ROOT, 'crisis.config.yaml'), 'utf8');
    await writeFile(join(dir, 'crisis.config.yaml'), `${config}\nstatus_url: https://status.acme.example\n`);
    const approve = (inc: string, hhmm: string) => run(['approve', inc, 'status-page', '--as', 'comms-lead'], hhmm);

    // Early in the morning: checkout down for an hour, resolved.
    const early = lastLine(
      await run(
        ['start', 'site-outage', '--yes', '--set', 'outage_scope=checkout', '--set', 'outage_started_at=-10m', '--set', 'charges_status=not-charged'],
        '08:00',
      ),
    );
    await approve(early, '08:05');
    await run(['resolve', early, '--yes', '--set', 'cause=deployment'], '08:50');
    await approve(early, '08:55');

    // Then card payments fail: a responder pastes the provider's text, markup and all, as a method.
    const late = lastLine(
      await run(
        [
          'start',
          'site-outage',
          '--yes',
          '--set',
          'outage_scope=payments',
          '--set',
          `failing_methods=Visa,${HOSTILE}`,
          '--set',
          'outage_started_at=-20m',
          '--set',
          'charges_status=pending-holds',
        ],
        '10:00',
      ),
    );
    await approve(late, '10:05');
    await run(['update', late, '--yes', '--set', 'cause=payment-provider'], '10:50');
    await approve(late, '10:55');
    await run(['update', late, '--yes', '--set', 'status_state=monitoring'], '11:40');
    await approve(late, '11:45');
    // Written, not signed off: the site must not show it.
    await run(['update', late, '--yes', '--set', 'fix_eta=13:00'], '12:20');

    const built = await run(['site', 'build'], '12:25');
    site = join(dir, lastLine(built));
    open = basename(late);
    resolved = basename(early);

    context = await launchChromium(join(dir, 'profile'));
  });

  afterAll(async () => {
    await context?.close();
    if (dir && !process.env.KEEP) await rm(dir, { recursive: true, force: true });
  });

  type Opened = { page: Page; requests: { url: string; type: string }[]; problems: string[] };

  /**
   * Opens a page of the site from disk and records every request it makes, every console error or
   * warning (a CSP refusal is one) and every failed request. A request outside the site folder is
   * refused (and the check below fails on it); the site's own pages may be navigated to.
   */
  async function openPage(path: string): Promise<Opened> {
    const page = await context.newPage();
    const inside = pathToFileURL(site).href + '/';
    const requests: { url: string; type: string }[] = [];
    const problems: string[] = [];
    page.on('request', (r) => void requests.push({ url: r.url(), type: r.resourceType() }));
    page.on('requestfailed', (r) => void problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('console', (m) => void (m.type() === 'error' || m.type() === 'warning' ? problems.push(m.text()) : undefined));
    page.on('pageerror', (e) => void problems.push(e.message));
    await page.route('**/*', (route) => (route.request().url().startsWith(inside) ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(join(site, path)).href, { waitUntil: 'load' });
    return { page, requests, problems };
  }

  /** Nothing was requested but the site's own pages (no style sheet, image, font or feed), and nothing failed. */
  function expectSelfContained({ requests, problems }: Opened): void {
    const inside = pathToFileURL(site).href + '/';
    expect(requests.filter((r) => !r.url.startsWith(inside) || r.type !== 'document')).toEqual([]);
    expect(problems).toEqual([]);
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(shots, name), fullPage: true });
  }

  it('opens every page of every language from disk without a request leaving it or a console error', async () => {
    const pages = ['index.html'];
    for (const lang of LANGS) {
      pages.push(`${lang}/index.html`);
      for (const f of await readdir(join(site, lang, 'incidents'))) pages.push(`${lang}/incidents/${f}`);
    }
    expect(pages).toHaveLength(1 + LANGS.length * 3);
    for (const path of pages) {
      const opened = await openPage(path);
      expect(opened.problems, path).toEqual([]);
      expectSelfContained(opened);
      // No script on the site at all, and no sideways scrolling on a phone.
      expect(await opened.page.evaluate(() => document.scripts.length), path).toBe(0);
      await opened.page.setViewportSize({ width: 390, height: 844 });
      expect(await opened.page.evaluate(() => document.documentElement.scrollWidth), `${path} at 390 px`).toBeLessThanOrEqual(390);
      await opened.page.close();
    }
  });

  it('lists the open incident before the resolved one, each with its state, under the title of its first announcement', async () => {
    const opened = await openPage('en/index.html');
    const { page } = opened;
    const cards = await page.locator('li.incident').evaluateAll((els) =>
      els.map((e) => {
        const el = e as unknown as El & { dataset: Record<string, string>; closest(s: string): { className: string }; querySelector(s: string): El };
        return [el.dataset.incident, el.closest('section').className, el.querySelector('.state').textContent, el.querySelector('.incident-title').textContent];
      }),
    );
    expect(cards).toEqual([
      [open, 'open', 'Monitoring', 'Payments are failing'],
      [resolved, 'resolved', 'Resolved', 'Checkout is down'],
    ]);
    // Open incidents come first on the screen too.
    const [openTop, resolvedTop] = await Promise.all(['section.open', 'section.resolved'].map((s) => page.locator(s).boundingBox()));
    expect(openTop!.y).toBeLessThan(resolvedTop!.y);
    // The open one promises its next update; in French its state reads as French.
    await expect(page.locator(`li.incident[data-incident="${open}"] p`).textContent()).resolves.toContain('Next update');
    const fr = await openPage('fr/index.html');
    await expect(fr.page.locator(`li.incident[data-incident="${open}"] .state`).textContent()).resolves.toBe('Sous surveillance');
    await expect(fr.page.locator(`li.incident[data-incident="${resolved}"] .state`).textContent()).resolves.toBe('Résolu');
    await fr.page.close();

    // A card leads to the incident's page.
    await page.locator(`li.incident[data-incident="${open}"] a.incident-link`).click();
    await page.waitForURL(/\/en\/incidents\//);
    expect(page.url()).toBe(pathToFileURL(join(site, 'en', 'incidents', `${open}.html`)).href);
    await screenshot(page, 'en-after-card.png');
    expectSelfContained(opened);
    await page.close();
  });

  it('shows every signed-off update of the incident in order, newest first, each with its state and time, and nothing awaiting sign-off', async () => {
    const opened = await openPage(`en/incidents/${open}.html`);
    const { page } = opened;
    await expect(page.locator('h1').textContent()).resolves.toBe('Payments are failing');
    await expect(page.locator('main > p .state').textContent()).resolves.toBe('Monitoring');
    const updates = await page.locator('article.update').evaluateAll((els) =>
      els.map((e) => {
        const el = e as unknown as El & { id: string; querySelector(s: string): El & { getAttribute(n: string): string } };
        return [
          el.id,
          el.querySelector('.update-head .state').textContent,
          el.querySelector('.update-head time').getAttribute('datetime'),
          el.querySelector('.statement h2').textContent,
        ];
      }),
    );
    expect(updates).toEqual([
      ['03-update-status-page', 'Monitoring', paris('11:40'), 'A fix is in place for payments: update 2'],
      ['02-update-status-page', 'Identified', paris('10:50'), 'Payments are failing: update 1'],
      ['01-start-status-page', 'Investigating', paris('10:00'), 'Payments are failing'],
    ]);
    // Each update reads as signed off: the monitoring one says the fix is in place.
    await expect(page.locator('[id="03-update-status-page"] .statement').textContent()).resolves.toContain('A fix is in place');
    await expect(page.locator('[id="02-update-status-page"] .statement').textContent()).resolves.toContain('The failure is at our payment provider');
    // The update written at 12:20 awaits sign-off: not on the page, nor its fix time.
    await expect(page.locator('article.update').count()).resolves.toBe(3);
    expect(await page.locator('main').textContent()).not.toContain('1:00 PM');
    // The next update the latest signed-off statement promised.
    await expect(page.locator('.next-update time').getAttribute('datetime')).resolves.toBe(paris('12:40'));

    // The pasted markup is words on the page, nothing that runs.
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await page.evaluate(() => document.title)).toBe('Payments are failing – Acme Outdoor');
    await expect(page.locator('[id="01-start-status-page"] .statement').textContent()).resolves.toContain(HOSTILE);
    await screenshot(page, 'en-incident.png');
    expectSelfContained(opened);
    await page.close();
  });

  it('lays Hebrew out right to left, the page and the statements in it', async () => {
    for (const path of ['he/index.html', `he/incidents/${open}.html`]) {
      const opened = await openPage(path);
      const { page } = opened;
      expect(await page.evaluate(() => [document.documentElement.lang, getComputedStyle(document.documentElement).direction]), path).toEqual(['he', 'rtl']);
      // The language menu runs from the right: the first language (English) is the rightmost.
      const lefts = await page.locator('nav.languages li').evaluateAll((els) => els.map((e) => (e as unknown as El).getBoundingClientRect().left));
      expect(lefts.length).toBe(4);
      expect([...lefts].sort((a, b) => b - a)).toEqual(lefts);
      await page.close();
    }
    const opened = await openPage(`he/incidents/${open}.html`);
    const { page } = opened;
    await expect(page.locator('h1').textContent()).resolves.toBe('תקלה בתשלומים');
    const directions = await page.locator('.statement').evaluateAll((els) => els.map((e) => [(e as unknown as El).lang, getComputedStyle(e).direction]));
    expect(directions).toEqual([
      ['he', 'rtl'],
      ['he', 'rtl'],
      ['he', 'rtl'],
    ]);
    // A line of Hebrew starts at the right edge of its box and stops short of the left one.
    const edges = await page.evaluate(() => {
      const el = document.querySelector('[id="01-start-status-page"] .statement h2')!;
      const range = document.createRange();
      range.selectNodeContents(el);
      const text = range.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return { fromRight: box.right - text.right, fromLeft: text.left - box.left };
    });
    expect(edges.fromRight).toBeLessThan(2);
    expect(edges.fromLeft).toBeGreaterThan(100);
    // The English page, for contrast, starts at the left.
    const en = await openPage(`en/incidents/${open}.html`);
    expect(await en.page.evaluate(() => getComputedStyle(document.documentElement).direction)).toBe('ltr');
    await en.page.close();
    await screenshot(page, 'he-incident.png');
    expectSelfContained(opened);
    await page.close();
  });

  it('leads from each language to the same incident in every other one, through the links marked with hreflang', async () => {
    for (const from of LANGS) {
      for (const to of LANGS.filter((l) => l !== from)) {
        const opened = await openPage(`${from}/incidents/${open}.html`);
        const { page } = opened;
        // The head says the same thing as the menu, to search engines and feed readers.
        await expect(page.locator(`head link[rel="alternate"][hreflang="${to}"]`).getAttribute('href')).resolves.toBe(`../../${to}/incidents/${open}.html`);
        await page.locator(`nav.languages a[hreflang="${to}"]`).click();
        await page.waitForURL(new RegExp(`/${to}/incidents/`));
        expect(page.url(), `${from} -> ${to}`).toBe(pathToFileURL(join(site, to, 'incidents', `${open}.html`)).href);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(to);
        // The same incident: the same updates, under the same anchors.
        await expect(page.locator('article.update').evaluateAll((els) => els.map((e) => (e as unknown as { id: string }).id))).resolves.toEqual([
          '03-update-status-page',
          '02-update-status-page',
          '01-start-status-page',
        ]);
        await expect(page.locator('nav.languages a[aria-current="page"]').getAttribute('hreflang')).resolves.toBe(to);
        expectSelfContained(opened);
        await page.close();
      }
    }
    // From an index, to the index of the other language.
    const opened = await openPage('he/index.html');
    await opened.page.locator('nav.languages a[hreflang="pl"]').click();
    await opened.page.waitForURL(/\/pl\/index\.html$/);
    await expect(opened.page.locator('h1').textContent()).resolves.toBe('Status usług');
    expectSelfContained(opened);
    await opened.page.close();
  });

  it('writes feeds the browser parses: Atom well-formed with an entry per signed-off update, JSON Feed 1.1', async () => {
    const page = await context.newPage();
    for (const lang of LANGS) {
      const xml = await readFile(join(site, lang, 'atom.xml'), 'utf8');
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        const errors = doc.getElementsByTagName('parsererror');
        const ids = doc.getElementsByTagName('id');
        return { error: errors.length ? errors[0]!.textContent : null, ids: Array.from({ length: ids.length }, (_, i) => ids[i]!.textContent) };
      }, xml);
      expect(parsed.error, lang).toBeNull();
      // The feed's own id, then the open incident's three updates and the resolved one's two.
      expect(parsed.ids).toHaveLength(1 + 5);
      expect(parsed.ids.slice(1).every((id) => id!.startsWith('tag:acme.example,2026-03-10:'))).toBe(true);
      const feed = JSON.parse(await readFile(join(site, lang, 'feed.json'), 'utf8'));
      expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
      expect(feed.items.map((i: { id: string }) => i.id)).toEqual(parsed.ids.slice(1));
    }
    await page.close();
  });
});
