// The preview page as plain data in, one HTML string out: what it escapes, where warnings land,
// the meters, right-to-left frames, and that nothing on it can load or run.
import { describe, expect, it } from 'vitest';
import type { Config, Playbook, Statement } from '../../src/playbook/model.js';
import { previewPage, PREVIEW_CSP, type PreviewInput, type PreviewRow, type PreviewStage } from '../../src/preview/index.js';
import type { Problem } from '../../src/problem/problem.js';

const CONFIG: Config = {
  organization: 'Acme <Outdoor>',
  support: { email: 'help@acme.example', url: 'https://acme.example/help' },
  timezone: 'Europe/Paris',
  languages: ['en', 'he'],
  roster: { 'comms-lead': { name: 'Marc Dubois' } },
  discouraged_phrases: [],
};

const statement = (id: string, channel: Statement['channel'], extra: Partial<Statement> = {}): Statement => ({
  id,
  channel,
  audience: 'affected-customers',
  owner: 'comms-lead',
  stages: ['start'],
  ...extra,
});

const PB: Playbook = {
  id: 'checkout-down',
  title: 'Checkout is down',
  summary: 'Customers cannot pay.',
  severities: [{ id: 'sev1', label: 'Nobody can pay', cadence: '2h' }],
  default_severity: 'sev1',
  owners: { 'comms-lead': 'Approves statements' },
  inputs: [],
  steps: [],
  statements: [],
};

const NO_NEXT: Problem = {
  file: 'templates/checkout-down/sms.en.hbs',
  line: 1,
  col: 1,
  code: 'no-next-update',
  severity: 'warning',
  message: 'sms (en, start) never says when the next update comes',
  hint: 'print it',
};

function stage(rows: PreviewRow[], extra: Partial<PreviewStage> = {}): PreviewStage {
  return {
    key: 'start',
    stage: 'start',
    updateNumber: 0,
    at: '2026-03-10T10:00:00+01:00',
    severity: PB.severities[0]!,
    nextUpdateAt: '2026-03-10T12:00:00+01:00',
    rows,
    ...extra,
  };
}

function page(rows: PreviewRow[], extra: Partial<PreviewInput> = {}): string {
  return previewPage({
    kind: 'playbook',
    playbook: PB,
    config: CONFIG,
    languages: ['en', 'he'],
    timeZone: 'Europe/Paris',
    now: new Date('2026-03-10T09:00:00Z'),
    stages: [stage(rows)],
    ...extra,
  });
}

/** The opening tag and content of the frame of one statement in one language. */
function frameOf(html: string, id: string, lang: string): string {
  const start = html.indexOf(`data-statement="${id}" data-lang="${lang}"`);
  expect(start, `frame ${id}/${lang}`).toBeGreaterThan(0);
  const open = html.lastIndexOf('<article', start);
  return html.slice(open, html.indexOf('</article>', start));
}

describe('previewPage: self-contained and inert', () => {
  const html = page([
    {
      statement: statement('sms', 'sms'),
      frames: [
        { lang: 'en', text: 'Hi', problems: [] },
        { lang: 'he', text: 'שלום', problems: [] },
      ],
    },
  ]);

  it('carries the CSP that forbids every request and every script', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    expect(csp?.replace(/&#x27;/g, "'")).toBe(PREVIEW_CSP);
    expect(PREVIEW_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self' about: data:");
  });

  it('has no script, no external stylesheet, font or image', () => {
    expect(html).not.toMatch(/<script|<link|@import|@font-face|url\(|src="http/i);
  });

  it('escapes the organisation and every other value it shows', () => {
    expect(html).toContain('Acme &lt;Outdoor&gt;');
    expect(html).not.toContain('Acme <Outdoor>');
  });
});

describe('previewPage: frames', () => {
  it('gives each frame its language and direction; Hebrew is right to left', () => {
    const html = page([
      {
        statement: statement('sms', 'sms'),
        frames: [
          { lang: 'en', text: 'Hi', problems: [] },
          { lang: 'he', text: 'שלום', problems: [] },
        ],
      },
    ]);
    expect(frameOf(html, 'sms', 'he')).toMatch(/^<article class="frame ch-sms" lang="he" dir="rtl"/);
    expect(frameOf(html, 'sms', 'en')).toMatch(/^<article class="frame ch-sms" lang="en" dir="ltr"/);
  });

  it('shows statement text as text: an answer with <script> cannot become markup', () => {
    const text = 'Hello <script>alert(1)</script> & <img src=x onerror=alert(2)>';
    const html = page([{ statement: statement('macro', 'support-macro'), frames: [{ lang: 'en', text, problems: [] }] }], { languages: ['en'] });
    const frame = frameOf(html, 'macro', 'en');
    expect(frame).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;');
    expect(frame).not.toContain('<script');
    expect(frame).not.toContain('<img');
  });

  it('puts a warning on the frame it concerns, with its code and message, and on no other', () => {
    const html = page([
      {
        statement: statement('sms', 'sms'),
        frames: [
          { lang: 'en', text: 'Hi', problems: [NO_NEXT] },
          { lang: 'he', text: 'שלום', problems: [] },
        ],
      },
    ]);
    const en = frameOf(html, 'sms', 'en');
    expect(en).toContain('class="frame ch-sms has-warnings"');
    expect(en).toContain('<li class="problem warning" data-code="no-next-update">');
    expect(en).toContain('sms (en, start) never says when the next update comes');
    expect(en).toContain('⚠ 1 warning');
    expect(frameOf(html, 'sms', 'he')).not.toContain('no-next-update');
  });

  it('shows a statement that could not be rendered, with the error on its frame', () => {
    const error: Problem = { ...NO_NEXT, code: 'render-empty', severity: 'error', message: '{{fix_eta}} prints nothing here (en)' };
    const frame = frameOf(
      page([{ statement: statement('email', 'email'), frames: [{ lang: 'en', problems: [error] }] }], { languages: ['en'] }),
      'email',
      'en',
    );
    expect(frame).toContain('has-errors');
    expect(frame).toContain('render-empty');
    expect(frame).toContain('Not rendered');
  });
});

describe('previewPage: meters', () => {
  it('counts an SMS as a phone does: characters, segments and encoding', () => {
    const html = page([
      {
        statement: statement('sms', 'sms'),
        frames: [
          { lang: 'en', text: 'a'.repeat(142), problems: [] },
          { lang: 'he', text: 'ש'.repeat(71), problems: [] },
        ],
      },
    ]);
    expect(frameOf(html, 'sms', 'en')).toContain('142 characters · 1 segment · GSM-7');
    expect(frameOf(html, 'sms', 'he')).toContain('71 characters · 2 segments · UCS-2');
  });

  it('flags an SMS over its limit on the meter itself', () => {
    const frame = frameOf(
      page([{ statement: statement('sms', 'sms'), frames: [{ lang: 'en', text: 'a'.repeat(170), problems: [] }] }], { languages: ['en'] }),
      'sms',
      'en',
    );
    expect(frame).toContain('170 characters · 2 segments · GSM-7');
    expect(frame).toContain('over 160 by 10');
  });

  it('measures a social post against 280', () => {
    const frame = frameOf(
      page([{ statement: statement('social', 'social'), frames: [{ lang: 'en', text: 'x'.repeat(300), problems: [] }] }], { languages: ['en'] }),
      'social',
      'en',
    );
    expect(frame).toContain('300 / 280 characters');
    expect(frame).toContain('over by 20');
  });
});

describe('previewPage: channels', () => {
  it('shows an email with its subject line and its body rendered', () => {
    const frame = frameOf(
      page([{ statement: statement('email', 'email'), frames: [{ lang: 'en', text: '# Payments fail\n\nWe are **sorry**.\n\n- one\n- two', problems: [] }] }], {
        languages: ['en'],
      }),
      'email',
      'en',
    );
    expect(frame).toContain('<dd class="subject">Payments fail</dd>');
    expect(frame).toContain('<p>We are <strong>sorry</strong>.</p>');
    expect(frame.replace(/>\n</g, '><')).toContain('<ul><li>one</li><li>two</li></ul>');
  });

  it('shows an HTML statement in a sandboxed srcdoc frame, escaped into the attribute', () => {
    const frame = frameOf(
      page(
        [
          {
            statement: statement('banner', 'web-banner'),
            frames: [{ lang: 'he', text: '<div lang="he" dir="rtl">\n<p>"שלום" <a href="https://a.example">עזרה</a></p>\n</div>', problems: [] }],
          },
        ],
        { languages: ['he'] },
      ),
      'banner',
      'he',
    );
    expect(frame).toMatch(/<iframe class="html-frame" sandbox="" [^>]*srcdoc="&lt;!doctype html&gt;/);
    expect(frame).toContain('&lt;p&gt;&quot;שלום&quot; &lt;a href&#x3D;&quot;https://a.example&quot;&gt;');
    expect(frame).not.toMatch(/sandbox="[^"]*allow-scripts/);
  });

  it('labels a late update in the timeline with words, not colour alone, and lists sign-offs', () => {
    const rows = (approval: PreviewRow['approval']): PreviewRow[] => [
      { statement: statement('sms', 'sms'), frames: [{ lang: 'en', text: 'Hi', problems: [] }], approval },
    ];
    const html = previewPage({
      kind: 'incident',
      playbook: PB,
      config: CONFIG,
      languages: ['en'],
      timeZone: 'Europe/Paris',
      now: new Date('2026-03-10T12:10:00Z'),
      stages: [
        stage(rows({ folder: '01-start', statement: 'sms', role: 'comms-lead', person: 'Marc Dubois', at: '2026-03-10T10:20:00+01:00' }), {
          key: '01-start',
          customerFacing: true,
          dueBy: null,
        }),
        stage(rows(null), {
          key: '02-update',
          stage: 'update',
          updateNumber: 1,
          at: '2026-03-10T12:40:00+01:00',
          nextUpdateAt: '2026-03-10T14:40:00+01:00',
          customerFacing: true,
          dueBy: '2026-03-10T12:00:00+01:00',
        }),
      ],
      incident: {
        id: '20260310-1000-checkout-down',
        title: 'Checkout is down',
        severity: PB.severities[0]!,
        stage: 'update',
        startedAt: '2026-03-10T10:00:00+01:00',
        nextUpdateAt: '2026-03-10T14:40:00+01:00',
        resolvedAt: null,
        deliveries: { sent: 0, unknown: [], failed: [] },
      },
    });
    expect(html).toMatch(/<g class="point late" data-key="02-update" data-late="true">.*LATE by 40 min/);
    expect(html).toMatch(/<g class="point" data-key="01-start" data-late="false">/);
    expect(html).toContain('approved by Marc Dubois (comms-lead) at Tue 10 Mar, 10:20');
    expect(html).toContain('awaiting sign-off');
  });
});
