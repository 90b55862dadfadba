// The interactive walk-through, driven through a real terminal (tmux), answered by prompt text.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from './exec.js';
import { terminal } from './terminal.js';

const FIXTURE = new URL('../fixtures/good', import.meta.url).pathname;
const sessions: ReturnType<typeof terminal>[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.kill()));

function walk(out: string, extra = '') {
  const name = `crisis-test-${process.pid}-${sessions.length}`;
  const cmd = `env NO_COLOR=1 CRISIS_NOW=2026-03-10T10:00:00+01:00 node ${BIN} start checkout-down --out ${out} ${extra}; echo "EXIT=$?"; sleep 60`;
  const t = terminal(name, cmd, FIXTURE);
  sessions.push(t);
  return t;
}

describe('crisis start in a terminal', () => {
  it('asks each fact once, shows checklist and statements, and writes what was answered', async () => {
    const out = mkdtempSync(join(tmpdir(), 'crisis-walk-'));
    const t = walk(out);
    await t.waitFor('? Severity');
    expect(t.screen()).toContain('❯ sev2: Some payment methods fail (customers hear from us every 2h)');
    t.press('Up', 'Enter'); // sev1
    await t.waitFor('? Which payment methods fail?');
    t.type('Visa, PayPal');
    t.press('Enter');
    await t.waitFor('? How many orders failed?');
    t.type('12');
    t.press('Enter');
    await t.waitFor('? When do we expect a fix?');
    t.type('16:30');
    t.press('Enter');
    await t.waitFor('= Tue 10 Mar, 16:30 (Europe/Paris)');
    await t.waitFor('? When was it detected?');
    t.type('09:40'); // a detection time: the latest 09:40, not tomorrow's
    t.press('Enter');
    const screen = await t.waitFor('? Write the incident folder?');
    expect(screen).toContain('= Tue 10 Mar, 09:40 (Europe/Paris)');
    expect(screen).toContain('confirm-scope: incident-lead (Dana Levi), due Tue 10 Mar, 10:15');
    expect(screen).toContain('tell-the-bank: incident-lead (Dana Levi), due Tue 10 Mar, 11:40');
    expect(screen).toMatch(/sms \(sms\): Fixture Shop: Visa and PayPal payments fail\. Next update 10:30 AM GMT\+1\./);
    t.press('Enter');
    const done = await t.waitFor(/EXIT=\d+/);
    expect(done).toContain('EXIT=0');

    const [id] = readdirSync(out).filter((n) => !n.startsWith('.'));
    expect(id).toBe('20260310-1000-checkout-down');
    const dir = join(out, id!);
    expect(done).toContain(dir);
    const record = readFileSync(join(dir, 'incident.yaml'), 'utf8');
    expect(record).toContain('severity: sev1');
    expect(record).toContain('orders_affected: 12');
    expect(record).toContain('detected_at: 2026-03-10T09:40:00+01:00');
    const email = readFileSync(join(dir, 'statements/01-start/customer-email.en.md'), 'utf8');
    expect(email.split('\n')[0]).toBe('# Payments with Visa or PayPal are failing');
    expect(email).toContain('Since 9:40\u202fAM GMT+1, payments with Visa and PayPal fail at checkout. 12 orders did not go through.');
    expect(email).toContain('We expect a fix by 4:30\u202fPM GMT+1.');
    expect(email).toContain('Next update: Tuesday, March 10 at 10:30\u202fAM GMT+1.');
    expect(readFileSync(join(dir, 'statements/01-start/customer-email.he.md'), 'utf8')).toContain('\u206812 הזמנות\u2069 לא עברו');
    expect(existsSync(join(out, '.drafts', 'checkout-down.json'))).toBe(false);
  });

  it('keeps what was typed when Ctrl-C stops it, writes nothing, and offers it at the next start', async () => {
    const out = mkdtempSync(join(tmpdir(), 'crisis-walk-'));
    const first = walk(out, '--severity sev2');
    await first.waitFor('? Which payment methods fail?');
    first.type('Klarna');
    first.press('Enter');
    await first.waitFor('? How many orders failed?');
    first.press('C-c');
    const stopped = await first.waitFor(/EXIT=\d+/);
    expect(stopped).toContain('crisis: interrupted; nothing was written');
    expect(stopped).toContain('EXIT=130');
    expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toEqual([]);

    const second = walk(out, '--severity sev2');
    await second.waitFor('? Continue from the facts typed at Tue 10 Mar, 10:00 (1 answered)?');
    second.press('Enter');
    const asked = await second.waitFor('? Which payment methods fail?');
    expect(asked).toContain('(Klarna)');
    second.press('C-c');
    await second.waitFor(/EXIT=130/);
  });
});
