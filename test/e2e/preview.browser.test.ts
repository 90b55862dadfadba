// `crisis preview` as a reader sees it, in Debian's Chromium driven by playwright-core: every
// statement x language frame, Hebrew right to left, the SMS meter's numbers, warnings on the right
// frame, a banner rendered in its sandboxed frame under the page's CSP, an answer with <script>
// shown as text, no request leaving the page, no sideways scrolling on a phone, and an incident's
// late update marked on its timeline. Screenshots are kept in a temp folder (its path is logged).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { smsSegments } from '../../src/text/sms.js';
import { describeInBrowser, launchChromium } from './browser.js';
import { crisis } from './exec.js';

// The page's globals, typed only as far as these checks use them (the project compiles without the DOM lib).
declare const document: { documentElement: { scrollWidth: number }; title: string; scripts: { length: number } };
declare function getComputedStyle(el: unknown): { direction: string; breakBefore: string };

const GOOD = fileURLToPath(new URL('../fixtures/good/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/preview/', import.meta.url));
const paris = (hhmm: string) => `2026-03-10T${hhmm}:00+01:00`;
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!;

describeInBrowser('crisis preview in a browser', () => {
  let root: string;
  let shots: string;
  let context: BrowserContext;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'crisis-preview-'));
    shots = await mkdtemp(join(tmpdir(), 'crisis-preview-shots-'));
    console.info(`preview screenshots: ${shots}`);
    context = await launchChromium(join(root, 'profile'));
  });

  afterAll(async () => {
    await context?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  type Opened = { page: Page; requests: string[]; problems: string[] };

  /** Opens a page from disk and records every request it makes and every console error (a CSP refusal is one). */
  async function open(file: string): Promise<Opened> {
    const page = await context.newPage();
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => void requests.push(r.url()));
    page.on('console', (m) => void (m.type() === 'error' || m.type() === 'warning' ? problems.push(m.text()) : undefined));
    page.on('pageerror', (e) => void problems.push(e.message));
    // Anything routed is a request to the network: refuse it (and the check below fails on it).
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'load' });
    return { page, requests, problems };
  }

  /** Nothing but the page itself was requested, and nothing was refused or failed on it. */
  function expectSelfContained({ page, requests, problems }: Opened): void {
    expect(requests.filter((u) => u !== page.url() && !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
  }

  async function expectNoOverflowAt390(page: Page): Promise<void> {
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // One column: every frame starts at the same left edge.
    const lefts = await page
      .locator('article.frame')
      .evaluateAll((els) => els.map((e) => Math.round((e as { getBoundingClientRect(): { left: number } }).getBoundingClientRect().left)));
    expect(new Set(lefts).size).toBe(1);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  /** A full-page screenshot, with the viewport as tall as the page so every sandboxed frame is painted. */
  async function screenshot(page: Page, name: string): Promise<void> {
    const height = await page.evaluate(() => (document.documentElement as unknown as { scrollHeight: number }).scrollHeight);
    await page.setViewportSize({ width: 1280, height: Math.min(height, 12_000) });
    await page.screenshot({ path: join(shots, name), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  const frame = (page: Page, stage: string, statement: string, lang: string) =>
    page.locator(`article.frame[data-stage="${stage}"][data-statement="${statement}"][data-lang="${lang}"]`);

  it('shows every statement of the good fixture at each of its stages in en and he, Hebrew right to left, with the SMS meters', async () => {
    const out = join(root, 'good.html');
    const r = await crisis(['preview', 'checkout-down', '--out', out], { cwd: GOOD });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toBe(out);
    const opened = await open(out);
    const { page } = opened;

    const expected: Record<string, string[]> = {
      start: ['customer-email', 'sms', 'banner'],
      update: ['customer-email', 'banner'],
      resolve: ['customer-email', 'sms'],
    };
    let count = 0;
    for (const [stage, statements] of Object.entries(expected)) {
      for (const statement of statements) {
        for (const lang of ['en', 'he']) {
          await expect.soft(frame(page, stage, statement, lang).count(), `${statement} ${lang} at ${stage}`).resolves.toBe(1);
          count++;
        }
      }
    }
    expect(await page.locator('article.frame').count()).toBe(count);

    const directions = await page.locator('article.frame').evaluateAll((els) => els.map((e) => [(e as { lang: string }).lang, getComputedStyle(e).direction]));
    for (const [lang, direction] of directions) expect(direction, lang).toBe(lang === 'he' ? 'rtl' : 'ltr');

    // The meter says what validate says (test/fixtures/good/expected.txt), and what the bubble holds.
    await expect(frame(page, 'start', 'sms', 'he').locator('.sms-meter .meter-main').textContent()).resolves.toBe('115 characters · 2 segments · UCS-2');
    await expect(frame(page, 'start', 'sms', 'en').locator('.sms-meter .meter-main').textContent()).resolves.toBe('107 characters · 1 segment · GSM-7');
    for (const lang of ['en', 'he']) {
      const text = (await frame(page, 'start', 'sms', lang).locator('.bubble').textContent())!;
      const c = smsSegments(text);
      expect(await frame(page, 'start', 'sms', lang).locator('.sms-meter').getAttribute('data-characters')).toBe(String([...text].length));
      expect(await frame(page, 'start', 'sms', lang).locator('.sms-meter').getAttribute('data-segments')).toBe(String(c.segments));
    }

    // The banner's markup renders inside its sandboxed frame, under the page's CSP.
    const banner = page.frameLocator('article.frame[data-stage="start"][data-statement="banner"][data-lang="he"] iframe');
    await expect(banner.locator('strong').textContent()).resolves.toContain('נכשלים');
    await expect(banner.locator('div[dir="rtl"]').count()).resolves.toBe(1);

    expect(await page.locator('.problem').count()).toBe(0); // the good fixture has none
    await expectNoOverflowAt390(page);
    await screenshot(page, 'playbook-good.png');
    expectSelfContained(opened);
    await page.close();
  });

  it('shows each warning on the frame it concerns, and an answer with <script> as text', async () => {
    const out = join(root, 'fixture.html');
    const note =
      '<script>document.title="pwned"</script> Track each parcel at https://preview.example/track/a-very-long-tracking-path-that-must-wrap-on-a-phone-screen-1234567890';
    const r = await crisis(['preview', 'parcel-delay', '--set', `note=${note}`, '--out', out], { cwd: FIXTURE });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('7 warnings shown on the statements they concern\n');
    const opened = await open(out);
    const { page } = opened;

    // Every channel, every language, at start.
    for (const statement of ['customer-email', 'sms', 'social', 'web-banner', 'status-page', 'support-macro', 'phone-script', 'internal', 'press'])
      for (const lang of ['en', 'fr', 'he']) expect(await frame(page, 'start', statement, lang).count(), `${statement} ${lang}`).toBe(1);

    const codes = (stage: string, statement: string, lang: string) =>
      frame(page, stage, statement, lang)
        .locator('.problem')
        .evaluateAll((els) => els.map((e) => (e as { dataset: { code: string } }).dataset.code));
    expect(await codes('start', 'sms', 'en')).toEqual(['no-next-update', 'translation-omits-fact']);
    expect(await codes('start', 'sms', 'fr')).toEqual([]);
    expect(await codes('start', 'sms', 'he')).toEqual([]);
    expect(await codes('start', 'social', 'he')).toEqual(['discouraged-phrase']);
    expect(await codes('start', 'social', 'en')).toEqual([]);
    expect(await codes('start', 'press', 'fr')).toEqual(['translation-omits-fact']);
    expect(await codes('start', 'status-page', 'en')).toEqual(['discouraged-phrase']);
    expect(await codes('update', 'status-page', 'en')).toEqual(['discouraged-phrase']);
    // Shown, not just present: visible, with its message and a badge on the frame.
    await expect(frame(page, 'start', 'sms', 'en').locator('.problem[data-code="no-next-update"]').isVisible()).resolves.toBe(true);
    await expect(frame(page, 'start', 'sms', 'en').locator('.problem[data-code="no-next-update"]').textContent()).resolves.toContain(
      'never says when the next update comes',
    );
    await expect(frame(page, 'start', 'sms', 'en').locator('.badge.warn').textContent()).resolves.toBe('⚠ 2 warnings');
    await expect(frame(page, 'start', 'social', 'he').locator('.problem').textContent()).resolves.toContain('לקוח יקר');

    // The <script> answer is text everywhere: in the email body, the macro, and inside the banner's frame.
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await page.evaluate(() => document.title)).toBe('Preview: Parcels arrive late (parcel-delay)');
    await expect(frame(page, 'start', 'customer-email', 'en').locator('.email-body').textContent()).resolves.toContain(
      '<script>document.title="pwned"</script>',
    );
    await expect(frame(page, 'start', 'support-macro', 'fr').locator('.text').textContent()).resolves.toContain('<script>document.title="pwned"</script>');
    const banner = page.frameLocator('article.frame[data-stage="start"][data-statement="web-banner"][data-lang="en"] iframe');
    await expect(banner.locator('p').textContent()).resolves.toContain('<script>document.title="pwned"</script>');
    await expect(banner.locator('script').count()).resolves.toBe(0);

    await expectNoOverflowAt390(page); // the long tracking URL wraps
    // Printed: a page a stage, frames whole.
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.locator('section.stage').evaluateAll((els) => els.map((e) => getComputedStyle(e).breakBefore));
    expect(breaks).toEqual(['page', 'page', 'page']);
    await page.pdf({ path: join(shots, 'playbook-fixture.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    await screenshot(page, 'playbook-fixture.png');
    expectSelfContained(opened);
    await page.close();
  });

  it('previews an incident as issued: the late update marked on the timeline, sign-offs per statement', async () => {
    const out = join(root, 'incidents');
    const facts = ['--set', 'failing_methods=Visa,PayPal', '--set', 'orders_affected=12', '--set', 'detected_at=-20m', '--set', 'fix_eta=16:30'];
    const run = async (args: string[], now: string) => {
      const r = await crisis(args, { cwd: GOOD, env: { CRISIS_NOW: now } });
      if (r.code !== 0) throw new Error(`crisis ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
      return r.stdout;
    };
    const folder = lastLine(await run(['start', 'checkout-down', '--yes', '--out', out, ...facts], paris('10:00')));
    await run(['approve', folder, 'customer-email', '--as', 'comms-lead'], paris('10:20'));
    // sev2: an update every 2 h, so due at 12:00; this one comes at 12:40.
    await run(['update', folder, '--yes', '--set', 'orders_affected=30'], paris('12:40'));
    const r = await crisis(['preview', folder], { cwd: GOOD, env: { CRISIS_NOW: paris('13:00') } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const page_ = join(folder, 'preview.html');
    expect(lastLine(r.stdout)).toBe(page_);
    const opened = await open(page_);
    const { page } = opened;

    // The statements actually issued, stage by stage: each frame holds its file's text.
    const issued: Record<string, string[]> = { '01-start': ['customer-email', 'sms', 'banner'], '02-update': ['customer-email', 'banner'] };
    for (const [folderName, statements] of Object.entries(issued)) {
      const section = page.locator(`section.stage[data-key="${folderName}"]`);
      for (const statement of statements)
        for (const lang of ['en', 'he'])
          expect(await section.locator(`article.frame[data-statement="${statement}"][data-lang="${lang}"]`).count(), `${folderName} ${statement} ${lang}`).toBe(
            1,
          );
    }
    const sms = (await readFile(join(folder, 'statements/01-start/sms.he.txt'), 'utf8')).trimEnd();
    await expect(page.locator('section.stage[data-key="01-start"] article.frame[data-statement="sms"][data-lang="he"] .bubble').textContent()).resolves.toBe(
      sms,
    );
    const directions = await page.locator('article.frame[data-lang="he"]').evaluateAll((els) => els.map((e) => getComputedStyle(e).direction));
    expect(directions.length).toBe(5);
    expect(new Set(directions)).toEqual(new Set(['rtl']));

    // The timeline: the update is marked late, in words as well as shape and colour; the start is not.
    const late = page.locator('svg.timeline-svg g.point[data-key="02-update"]');
    await expect(late.getAttribute('data-late')).resolves.toBe('true');
    await expect(late.locator('text').textContent()).resolves.toBe('Update 1 12:40 · LATE by 40 min');
    await expect(page.locator('svg.timeline-svg g.point[data-key="01-start"]').getAttribute('data-late')).resolves.toBe('false');
    await expect(page.locator('.timeline-list li[data-key="02-update"]').textContent()).resolves.toContain('LATE by 40 min (due Tue 10 Mar, 12:00)');

    // Sign-offs: per statement, by whom and when; the latest stage awaits its own.
    const approval = (folderName: string, statement: string) =>
      page.locator(`section.stage[data-key="${folderName}"] .row[data-statement="${statement}"] .approval`).textContent();
    await expect(approval('01-start', 'customer-email')).resolves.toBe('approved by Marc Dubois (comms-lead) at Tue 10 Mar, 10:20');
    await expect(approval('02-update', 'customer-email')).resolves.toBe('awaiting sign-off');
    await expect(approval('02-update', 'banner')).resolves.toBe('awaiting sign-off');

    await expectNoOverflowAt390(page);
    await screenshot(page, 'incident.png');
    expectSelfContained(opened);
    await page.close();
  });
});
