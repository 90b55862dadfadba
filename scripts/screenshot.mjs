// Regenerates docs/preview.png for the README: the preview of the shipped supply-delay playbook,
// written by the built CLI (run `npm run build` first) and photographed in Debian's Chromium at a
// desktop width: the page's head and facts, and the first stage's statements as far as fits in
// a tall screenful.
//
//   node scripts/screenshot.mjs            (CHROMIUM=/path/to/chromium to use another build)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const browser = process.env.CHROMIUM ?? '/usr/bin/chromium';
const target = join(root, 'docs', 'preview.png');
const WIDTH = 1440;

if (!existsSync(browser)) {
  console.error(`screenshot: no browser at ${browser}; install Debian's Chromium (apt-get install chromium) or set CHROMIUM`);
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('screenshot: the CLI is not built; run npm run build first');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'crisis-screenshot-'));
try {
  const page = join(work, 'preview.html');
  // The repository's demo config (four languages) and the shipped playbook, as a fresh clone has them.
  const r = spawnSync(process.execPath, [join(root, 'bin', 'crisis.js'), 'preview', 'supply-delay', '--out', page], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.status !== 0) {
    console.error(`screenshot: crisis preview failed (exit ${r.status})\n${r.stderr}`);
    process.exit(1);
  }

  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: browser,
    headless: true,
    viewport: { width: WIDTH, height: 900 },
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
  try {
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    const height = 1600;
    // A viewport as tall as the picture: sandboxed banner frames are only painted when on screen.
    await tab.setViewportSize({ width: WIDTH, height });
    mkdirSync(dirname(target), { recursive: true });
    await tab.screenshot({ path: target, clip: { x: 0, y: 0, width: WIDTH, height } });
    console.log(target);
  } finally {
    await context.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
