// The incident's timeline as the page draws it: each stage on a time axis against the cadence,
// late ones marked with a shape and a word (never by colour alone), and the same facts as a list
// for narrow screens. Geometry only: layout/timeline.hbs draws it.
import { dateTimeFormat } from '../text/index.js';
import { formatLocal, formatSpan } from '../time/index.js';
import type { PreviewInput, PreviewStage } from './model.js';
import { cadenceText, stageTitle } from './names.js';

const W = 1000;
const LEFT = 60;
const RIGHT = 940;
const AXIS = 120;

/** How late the stage came against the cadence, in ms (negative: early); undefined when it does not count. */
export function lateness(s: PreviewStage): number | undefined {
  if (!s.customerFacing || !s.dueBy) return undefined;
  return new Date(s.at).getTime() - new Date(s.dueBy).getTime();
}

type Point = { s: PreviewStage; at: number; due?: number; late: boolean; lateBy: number };

const clockText = (at: number, timeZone: string, withDay: boolean) =>
  dateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(withDay ? { day: 'numeric', month: 'short' } : {}) }).format(
    at,
  );

export function timelineView(input: PreviewInput) {
  const inc = input.incident;
  if (!inc || !input.stages.length) return undefined;
  const tz = input.timeZone;
  const points: Point[] = input.stages.map((s) => {
    const late = lateness(s);
    return {
      s,
      at: Date.parse(s.at),
      ...(s.customerFacing && s.dueBy ? { due: Date.parse(s.dueBy) } : {}),
      late: late !== undefined && late > 0,
      lateBy: late ?? 0,
    };
  });
  const now = input.now.getTime();
  const end = inc.resolvedAt ? Date.parse(inc.resolvedAt) : now;
  const pending = !inc.resolvedAt && inc.nextUpdateAt ? Date.parse(inc.nextUpdateAt) : undefined;
  const times = [Date.parse(inc.startedAt), end, ...points.map((p) => p.at), ...points.flatMap((p) => (p.due ? [p.due] : [])), ...(pending ? [pending] : [])];
  const lo = Math.min(...times);
  const hi = Math.max(...times, lo + 60_000);
  const x = (t: number) => Number((LEFT + ((t - lo) / (hi - lo)) * (RIGHT - LEFT)).toFixed(1));
  const longRange = hi - lo > 20 * 3_600_000;
  const clock = (t: number) => clockText(t, tz, longRange);
  const local = (t: number) => formatLocal(new Date(t), tz);
  const facing = points.filter((p) => p.s.customerFacing);
  const statusOf = (p: Point) =>
    p.late ? `LATE by ${formatSpan(p.lateBy)}` : p.s.customerFacing && p.s.dueBy ? 'on time' : p.s.customerFacing ? '' : 'internal only';
  const lateCount = points.filter((p) => p.late).length;
  return {
    id: inc.id,
    severity: inc.severity.id,
    cadence: cadenceText(inc.severity.cadence),
    width: W,
    axis: {
      x1: LEFT,
      x2: RIGHT,
      y: AXIS,
      band: AXIS - 9,
      dueTop: AXIS - 26,
      dueBottom: AXIS + 20,
      dueLabel: AXIS + 36,
      stemBottom: AXIS - 12,
      overdueLabel: AXIS + 60,
      nowTop: AXIS - 90,
      nowLabel: AXIS - 94,
    },
    description: `${facing.length} customer-facing stage${facing.length === 1 ? '' : 's'} against a cadence of ${cadenceText(inc.severity.cadence)}; ${lateCount ? `${lateCount} late` : 'none late'}.`,
    // The cadence: from each customer-facing stage to the next update it promised.
    windows: facing.flatMap((p) => {
      if (!p.s.nextUpdateAt) return [];
      const due = Date.parse(p.s.nextUpdateAt);
      return [
        {
          x: x(p.at),
          width: Math.max(1, x(due) - x(p.at)),
          title: `${stageTitle(p.s)}: next update promised by ${local(due)}`,
          dueX: x(due),
          dueLabel: `due ${clock(due)}`,
        },
      ];
    }),
    points: points.map((p, i) => {
      const cx = x(p.at);
      const status = statusOf(p);
      return {
        key: p.s.key,
        late: p.late,
        cx,
        labelY: i % 2 === 0 ? AXIS - 40 : AXIS - 70,
        stemTop: (i % 2 === 0 ? AXIS - 40 : AXIS - 70) + 6,
        label: `${stageTitle(p.s)} ${clock(p.at)}${status ? ` · ${status}` : ''}`,
        title: `${stageTitle(p.s)} ${clock(p.at)}${status ? `: ${status}` : ''}`,
        gap: p.late && p.due !== undefined ? { x: x(p.due), width: Math.max(2, x(p.at) - x(p.due)) } : undefined,
        // A diamond for late, a circle for on time, a small one for a stage customers did not see.
        diamond: p.late ? `M${cx} ${AXIS - 13} l13 13 l-13 13 l-13 -13 z` : undefined,
        mark: p.late ? undefined : p.s.customerFacing ? { r: 10, cls: p.s.dueBy ? 'mark ontime' : 'mark' } : { r: 6, cls: 'mark quiet' },
      };
    }),
    overdue:
      pending !== undefined && now > pending
        ? {
            x: x(pending),
            width: Math.max(2, x(now) - x(pending)),
            labelX: x(now),
            text: `OVERDUE by ${formatSpan(now - pending)}: no update since ${clock(pending)}`,
          }
        : undefined,
    now: inc.resolvedAt ? undefined : { x: x(now), label: `now ${clock(now)}` },
    items: [
      ...points.map((p) => ({
        key: p.s.key,
        late: p.late,
        title: stageTitle(p.s),
        at: local(p.at),
        lateBy: p.late ? formatSpan(p.lateBy) : undefined,
        due: p.due !== undefined && p.s.customerFacing ? local(p.due) : undefined,
        internal: !p.s.customerFacing,
      })),
    ],
    pending: pending === undefined ? undefined : { at: local(pending), overdueBy: now > pending ? formatSpan(now - pending) : undefined },
  };
}
