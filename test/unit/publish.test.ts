// What `crisis publish` decides, as plain data: which deliveries a run makes (latest stage of each
// statement, signed-off files only, one per recipient of the file's language), their ids, what a
// run does with a delivery given its record, and how secrets are expanded and kept out of text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replay, type IncidentState, type TimelineEvent } from '../../src/incident/index.js';
import { parseConfig, parsePlaybook } from '../../src/playbook/index.js';
import {
  decide,
  deliveryId,
  emailOf,
  expandEnv,
  planPublish,
  redactor,
  slackBody,
  smsForm,
  timeoutMs,
  toMrkdwn,
  webhookBody,
  type PublishConfig,
} from '../../src/publish/index.js';
import { ID, stageFiles, started } from './timeline-fixture.js';

const FIXTURE = new URL('../fixtures/good/', import.meta.url);
const pb = parsePlaybook('checkout-down.yaml', readFileSync(new URL('playbooks/checkout-down.yaml', FIXTURE), 'utf8'), 'project').loaded!.playbook;
const stmt = (folder: string, statement: string, ext: string) => stageFiles(folder, [[statement, ext]], ['en', 'he']);
const events: TimelineEvent[] = [
  started({
    languages: ['en', 'he'],
    answers: {},
    statements: [...stmt('01-start', 'customer-email', 'md'), ...stmt('01-start', 'sms', 'txt'), ...stmt('01-start', 'banner', 'html')],
  }),
  {
    type: 'updated',
    at: '2026-03-10T12:00:00+01:00',
    number: 2,
    folder: '02-update',
    changes: {},
    severity: 'sev2',
    statements: [...stmt('02-update', 'customer-email', 'md'), ...stmt('02-update', 'banner', 'html')],
    next_update_at: '2026-03-10T14:00:00+01:00',
  },
];
const state = replay(events)!;
const PUBLISH: PublishConfig = {
  email: { smtp: 'smtp://mail.example:587', from: 'Shop <news@shop.example>', to: { en: ['a@x.example', 'b@x.example'], he: ['c@x.example'] } },
  sms: { twilio: { url: 'https://sms.example', account: 'AC1', token: 't' }, from: 'SHOP', to: ['+33600000001'] },
};
const everything = () => true;

describe('planPublish', () => {
  it('sends the latest version of each statement, to each recipient of its language', () => {
    const plan = planPublish({ state, playbook: pb, publish: PUBLISH, signedOff: everything });
    // The email was reissued by the update: only that version goes; the SMS was not: the start's does.
    expect(plan.deliveries.map((d) => `${d.statement}/${d.folder}/${d.lang}/${d.recipient}`).sort()).toEqual([
      'customer-email/02-update/en/a@x.example',
      'customer-email/02-update/en/b@x.example',
      'customer-email/02-update/he/c@x.example',
      'sms/01-start/en/+33600000001',
      'sms/01-start/he/+33600000001',
    ]);
    expect(plan.deliveries.find((d) => d.statement === 'customer-email')).toMatchObject({ stage: 'update', update_number: 1, target: 'smtp' });
    // The banner's channel has no target: a person sends it.
    expect(plan.byHand.map((f) => `${f.statement} ${f.lang}`)).toEqual(['banner en', 'banner he']);
  });

  it('holds back every file not signed off, naming its owner, and lists a language with no recipient', () => {
    const plan = planPublish({
      state,
      playbook: pb,
      publish: { ...PUBLISH, email: { ...PUBLISH.email!, to: { en: ['a@x.example'] } } },
      signedOff: (f) => !(f.statement === 'sms' && f.lang === 'he'),
    });
    expect(plan.awaiting).toEqual([{ statement: 'sms', lang: 'he', folder: '01-start', path: 'statements/01-start/sms.he.txt', owner: 'comms-lead' }]);
    expect(plan.unaddressed.map((f) => `${f.statement} ${f.lang}`)).toEqual(['customer-email he']);
    expect(plan.deliveries.some((d) => d.statement === 'sms' && d.lang === 'he')).toBe(false);
  });

  it('keeps to the statements named', () => {
    const plan = planPublish({ state, playbook: pb, publish: PUBLISH, only: ['sms'], signedOff: everything });
    expect(new Set(plan.deliveries.map((d) => d.statement))).toEqual(new Set(['sms']));
    expect(plan.byHand).toEqual([]);
  });
});

describe('delivery ids', () => {
  it('are the same on every run and machine for one file to one recipient, and differ otherwise', () => {
    const a = deliveryId(ID, '01-start', 'sms', 'en', 'twilio', '+33600000001');
    expect(a).toBe(deliveryId(ID, '01-start', 'sms', 'en', 'twilio', '+33600000001'));
    expect(a).toMatch(/^dlv_[0-9a-f]{32}$/);
    const others = [
      deliveryId(ID, '02-update', 'sms', 'en', 'twilio', '+33600000001'),
      deliveryId(ID, '01-start', 'sms', 'he', 'twilio', '+33600000001'),
      deliveryId(ID, '01-start', 'sms', 'en', 'twilio', '+33600000002'),
    ];
    expect(new Set(others).size).toBe(3);
    expect(others).not.toContain(a);
    // No field can run into the next one.
    expect(deliveryId('a', 'b\u0000c', 's', 'en', 'smtp', 'r')).not.toBe(deliveryId('a\u0000b', 'c', 's', 'en', 'smtp', 'r'));
  });
});

describe('decide and the delivery record', () => {
  const d = planPublish({ state, playbook: pb, publish: PUBLISH, only: ['sms'], signedOff: everything }).deliveries[0]!;
  const after = (...more: TimelineEvent[]): IncidentState => replay([...events, ...more])!;
  const base = { folder: d.folder, statement: d.statement, lang: d.lang, channel: d.channel, target: d.target, recipient: d.recipient };
  const intent: TimelineEvent = { at: '2026-03-10T12:05:00+01:00', type: 'publish-intent', delivery: d.id, ...base, attempt: 1 };

  it('sends what was never tried or surely failed, never what was sent', () => {
    expect(decide(d, undefined, {})).toBe('send');
    const failed = after(intent, { at: '2026-03-10T12:05:01+01:00', type: 'publish-failed', delivery: d.id, cause: 'HTTP 400' });
    expect(failed.deliveries[d.id]).toMatchObject({ state: 'failed', detail: 'HTTP 400', attempts: 1 });
    expect(decide(d, failed.deliveries[d.id], {})).toBe('send');
    const sent = after(intent, { at: '2026-03-10T12:05:01+01:00', type: 'publish-sent', delivery: d.id, response: 'HTTP 201' });
    expect(decide(d, sent.deliveries[d.id], { retryUnknown: true })).toBe('skip-sent');
  });

  it('leaves an intent without outcome, or a timeout, unknown until the operator says; a webhook goes again', () => {
    const crashed = after(intent).deliveries[d.id]!;
    expect(crashed).toMatchObject({ state: 'unknown', since: '2026-03-10T12:05:00+01:00' });
    expect(decide(d, crashed, {})).toBe('skip-unknown');
    expect(decide(d, crashed, { retryUnknown: true })).toBe('send');
    expect(decide({ ...d, target: 'webhook' }, crashed, {})).toBe('send');
    const timedOut = after(intent, { at: '2026-03-10T12:05:10+01:00', type: 'publish-failed', delivery: d.id, cause: 'no answer', unknown: true });
    expect(timedOut.deliveries[d.id]!.state).toBe('unknown');
  });

  it('keeps a sent delivery sent when a second responder records an intent or a failure after it', () => {
    const raced = after(
      intent,
      { at: '2026-03-10T12:05:01+01:00', type: 'publish-sent', delivery: d.id, response: 'HTTP 201' },
      { ...intent, at: '2026-03-10T12:05:02+01:00' },
      { at: '2026-03-10T12:05:03+01:00', type: 'publish-failed', delivery: d.id, cause: 'timeout', unknown: true },
    );
    expect(raced.deliveries[d.id]).toMatchObject({ state: 'sent', detail: 'HTTP 201' });
  });

  it('counts attempts across runs', () => {
    const twice = after(intent, { at: '2026-03-10T12:05:01+01:00', type: 'publish-failed', delivery: d.id, cause: 'HTTP 400' }, { ...intent, attempt: 2 });
    expect(twice.deliveries[d.id]).toMatchObject({ state: 'unknown', attempts: 2, since: '2026-03-10T12:05:00+01:00' });
  });
});

describe('secrets', () => {
  it('expands ${NAME} from the environment and lists every missing name', () => {
    const r = expandEnv({ a: 'smtp://${U}:${P}@h', b: ['${P}', '${GONE}'], c: { d: '${EMPTY}' } }, { U: 'user', P: 'pa ss/word', EMPTY: '' });
    expect(r.value).toEqual({ a: 'smtp://user:pa ss/word@h', b: ['pa ss/word', ''], c: { d: '' } });
    expect(r.missing.sort()).toEqual(['EMPTY', 'GONE']);
    expect(r.secrets.sort()).toEqual(['pa ss/word', 'user']);
  });

  it('redacts each secret as written, URL-encoded and base64 (alone or as user:password)', () => {
    const redact = redactor(['user', 'pa ss/word']);
    expect(redact('smtp://user:pa%20ss%2Fword@h')).toBe('smtp://***:***@h');
    expect(redact(`Basic ${Buffer.from('user:pa ss/word').toString('base64')}`)).toBe('Basic ***');
    expect(redact(`token=${Buffer.from('pa ss/word').toString('base64')}`)).toBe('token=***');
    // Too short to be a secret: left alone rather than blanking ordinary words.
    expect(redactor(['ab'])('about')).toBe('about');
  });
});

describe('messages', () => {
  it('an email: subject from the heading, the markdown as text, HTML in the language and its direction', () => {
    const he = emailOf('# הזמנות מתעכבות\n\nהמשלוח **יתעכב**.\n', 'he', 'fallback');
    expect(he.subject).toBe('הזמנות מתעכבות');
    expect(he.text).toBe('# הזמנות מתעכבות\n\nהמשלוח **יתעכב**.\n');
    expect(he.html).toMatch(/<html lang="he" dir="rtl">/);
    expect(he.html).toContain('<strong>יתעכב</strong>');
    expect(emailOf('No heading <b>here</b>', 'en', 'Checkout is down').subject).toBe('Checkout is down');
    expect(emailOf('# A & <B>\n', 'en', 'x').html).toContain('<title>A &amp; &lt;B&gt;</title>');
  });

  it('a webhook body and an SMS form as the contract says', () => {
    const d = planPublish({ state, playbook: pb, publish: PUBLISH, only: ['sms'], signedOff: everything }).deliveries[0]!;
    expect(JSON.parse(webhookBody(d, ID, 'text', '2026-03-10T11:00:00.000Z'))).toEqual({
      type: 'statement.published',
      incident: ID,
      statement: 'sms',
      channel: 'sms',
      lang: d.lang,
      stage: 'start',
      update_number: 0,
      text: 'text',
      published_at: '2026-03-10T11:00:00.000Z',
    });
    expect(Object.fromEntries(new URLSearchParams(smsForm('+33 6', 'SHOP', 'Hello & bye\n')))).toEqual({ To: '+33 6', From: 'SHOP', Body: 'Hello & bye' });
  });

  it('a Slack message in mrkdwn: bold headings and emphasis, <url|text> links', () => {
    expect(toMrkdwn('# Checkout is down\n\nPay with **PayPal**; see [our help](https://shop.example/help).\n')).toBe(
      '*Checkout is down*\n\nPay with *PayPal*; see <https://shop.example/help|our help>.\n',
    );
    expect(JSON.parse(slackBody('## Update 2')).text).toBe('*Update 2*');
  });

  it('a timeout from the config, 10 s when none is given', () => {
    expect(timeoutMs({ slack: 'x', timeout: '1500ms' })).toBe(1500);
    expect(timeoutMs({ slack: 'x', timeout: '3s' })).toBe(3000);
    expect(timeoutMs({ slack: 'x' })).toBe(10_000);
  });
});

describe('the starter config', () => {
  it('validates with its publish example uncommented', () => {
    const text = readFileSync(new URL('../../starter/crisis.config.yaml', import.meta.url), 'utf8');
    const lines = text.split('\n');
    const from = lines.findIndex((l) => l.startsWith('# publish:'));
    const uncommented = lines.map((l, i) => (i >= from && l.startsWith('# ') ? l.slice(2) : l)).join('\n');
    const parsed = parseConfig('crisis.config.yaml', uncommented);
    expect(parsed.problems).toEqual([]);
    expect(Object.keys(parsed.config!.publish!)).toEqual(['email', 'internal', 'sms', 'social', 'status-page']);
  });
});
