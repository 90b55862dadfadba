// Debian's Chromium for the browser tests, driven by playwright-core (never a downloaded browser).
// Without /usr/bin/chromium a browser test is skipped and says how to enable it; with
// CRISIS_REQUIRE_BROWSER=1 (CI) a missing browser fails it instead.
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { describe, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const REQUIRED = process.env.CRISIS_REQUIRE_BROWSER === '1';
const HAVE_BROWSER = existsSync(CHROMIUM);
const HOW = "install Debian's Chromium to run it: apt-get install chromium (CI sets CRISIS_REQUIRE_BROWSER=1 to make it mandatory)";

/** A describe block that needs the browser: skipped with the reason when it is missing, unless required. */
export function describeInBrowser(name: string, body: () => void): void {
  if (!HAVE_BROWSER && !REQUIRED) {
    console.warn(`${name}: SKIPPED, ${CHROMIUM} not found; ${HOW}`);
    describe(name, () => {
      it.skip(`skipped: ${CHROMIUM} not found; ${HOW}`, () => {});
    });
    return;
  }
  describe(name, body);
}

/** Chromium with its profile in `profile`, headless, 1280 x 900. */
export async function launchChromium(profile: string): Promise<BrowserContext> {
  if (!HAVE_BROWSER) throw new Error(`CRISIS_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing; ${HOW}`);
  // As root Chromium needs --no-sandbox; with no network, nothing in the background may try one.
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
