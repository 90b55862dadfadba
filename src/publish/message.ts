// What each target sends, as plain data built from the statement's text: the email (subject,
// text and HTML parts), the Slack message, the Standard Webhooks body, the SMS.
import { esc, headingAndBody, markdownToHtml } from '../markup/index.js';
import { isRtl } from '../text/index.js';
import type { Delivery } from './plan.js';

export type Email = { subject: string; text: string; html: string; lang: string };

/** Subject from the `# heading`, the markdown itself as the text part, its HTML (right to left for Hebrew) as the other. */
export function emailOf(text: string, lang: string, fallbackSubject: string): Email {
  const { heading, body } = headingAndBody(text);
  const dir = isRtl(lang) ? 'rtl' : 'ltr';
  const subject = heading ?? fallbackSubject;
  const html = [
    '<!doctype html>',
    `<html lang="${esc(lang)}" dir="${dir}">`,
    `<head><meta charset="utf-8"><title>${esc(subject)}</title></head>`,
    `<body dir="${dir}">`,
    heading ? `<h1>${esc(heading)}</h1>` : '',
    markdownToHtml(body),
    '</body>',
    '</html>',
  ]
    .filter(Boolean)
    .join('\n');
  return { subject, text, html: `${html}\n`, lang };
}

/**
 * Slack incoming webhooks take `{text}` in mrkdwn, which differs from markdown where it shows:
 * headings become bold lines, `**bold**` is `*bold*`, links are `<url|text>`. The rest reads the same.
 */
export const slackBody = (text: string) => JSON.stringify({ text: toMrkdwn(text) });

export function toMrkdwn(markdown: string): string {
  return markdown
    .replace(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gm, '*$1*')
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<$2|$1>');
}

/** DESIGN.md, "Publishing": the webhook's JSON body. */
export function webhookBody(d: Delivery, incident: string, text: string, publishedAt: string): string {
  return JSON.stringify({
    type: 'statement.published',
    incident,
    statement: d.statement,
    channel: d.channel,
    lang: d.lang,
    stage: d.stage,
    update_number: d.update_number,
    text,
    published_at: publishedAt,
  });
}

/** The Twilio Messages API form: To, From, Body; the SMS exactly as rendered. */
export const smsForm = (to: string, from: string, text: string) => new URLSearchParams({ To: to, From: from, Body: text.replace(/\n+$/, '') }).toString();
