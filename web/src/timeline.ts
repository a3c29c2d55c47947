// Incidents per day (or per week over long spans), stacked by event type.
// Dragging across the bars selects a range of days, which filters the map.

import { s, clear } from './dom';
import type { Incident } from './types';
import { colour, EVENT_TYPES } from './style';

const DAY = 86_400_000;

function toDay(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
}

function toIso(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export interface Bin {
  /** First and last day, as days since 1970-01-01. */
  first: number;
  last: number;
  counts: Map<string, number>;
  total: number;
}

/** Daily bins up to four months, weekly (from Monday) beyond. */
export function bins(incidents: Incident[]): { bins: Bin[]; weekly: boolean } {
  const days = incidents.filter((i) => i.date).map((i) => ({ day: toDay(i.date!.start), type: i.event_type }));
  if (days.length === 0) return { bins: [], weekly: false };
  let lo = Math.min(...days.map((d) => d.day));
  const hi = Math.max(...days.map((d) => d.day));
  const weekly = hi - lo > 120;
  // 1970-01-01 was a Thursday: day+3 mod 7 is 0 on Mondays.
  if (weekly) lo -= (((lo + 3) % 7) + 7) % 7;
  const width = weekly ? 7 : 1;
  const n = Math.floor((hi - lo) / width) + 1;
  const out: Bin[] = Array.from({ length: n }, (_, k) => ({
    first: lo + k * width,
    last: lo + k * width + width - 1,
    counts: new Map(),
    total: 0,
  }));
  for (const d of days) {
    const b = out[Math.floor((d.day - lo) / width)];
    b.counts.set(d.type, (b.counts.get(d.type) ?? 0) + 1);
    b.total++;
  }
  return { bins: out, weekly };
}

export type Range = [string, string];

/** The bins a range of days covers, for a selection drawn anew over new
 * bins (a live update can turn daily bins weekly). */
export function binsCovering(bs: Bin[], range: Range): [number, number] | null {
  const [from, to] = [toDay(range[0]), toDay(range[1])];
  const lo = bs.findIndex((b) => b.last >= from);
  let hi = -1;
  bs.forEach((b, k) => {
    if (b.first <= to) hi = k;
  });
  return lo < 0 || hi < lo ? null : [lo, hi];
}

/** Draws the timeline; `selected`, a range chosen before (kept when the
 * incidents change), is shown as the brush. */
export function drawTimeline(
  host: HTMLElement,
  incidents: Incident[],
  onBrush: (range: Range | null) => void,
  selected: Range | null = null,
): void {
  clear(host);
  const { bins: bs, weekly } = bins(incidents);
  const width = Math.max(320, host.clientWidth || 900);
  const height = 120;
  const [left, right, top, bottom] = [28, 8, 8, 22];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    class: 'timeline',
    role: 'img',
    'aria-label': `Incidents per ${weekly ? 'week' : 'day'}`,
  });
  host.append(svg);
  if (bs.length === 0) {
    svg.append(s('text', { x: width / 2, y: height / 2, class: 'empty' }, 'no dated incidents'));
    return;
  }
  const max = Math.max(...bs.map((b) => b.total));
  const bw = plotW / bs.length;
  const y = (v: number) => (v / max) * plotH;

  svg.append(s('text', { x: left - 4, y: top + 8, class: 'axis end' }, max));
  svg.append(s('text', { x: left - 4, y: top + plotH, class: 'axis end' }, 0));
  const bars = s('g', { class: 'bars' });
  bs.forEach((b, k) => {
    let base = top + plotH;
    for (const t of [...EVENT_TYPES, ...[...b.counts.keys()].filter((t) => !(EVENT_TYPES as readonly string[]).includes(t))]) {
      const c = b.counts.get(t);
      if (!c) continue;
      const hgt = y(c);
      base -= hgt;
      bars.append(
        s(
          'rect',
          {
            x: (left + k * bw + 0.5).toFixed(1),
            y: base.toFixed(1),
            width: Math.max(1, bw - 1).toFixed(1),
            height: hgt.toFixed(1),
            fill: colour(t),
          },
          s('title', {}, `${toIso(b.first)}${weekly ? ` – ${toIso(b.last)}` : ''}: ${c} × ${t}`),
        ),
      );
    }
  });
  svg.append(bars);
  const ticks = bs.length === 1 ? [0] : [0, Math.floor((bs.length - 1) / 2), bs.length - 1];
  for (const k of new Set(ticks)) {
    const anchor = k === 0 ? 'start' : k === bs.length - 1 ? 'end' : 'middle';
    const x = anchor === 'start' ? left + k * bw : anchor === 'end' ? left + (k + 1) * bw : left + (k + 0.5) * bw;
    svg.append(s('text', { x, y: height - 6, class: `axis ${anchor}` }, toIso(bs[k].first)));
  }

  // The brush: a plain pointer drag over the plot.
  const sel = s('rect', { x: 0, y: top, width: 0, height: plotH, class: 'brush', visibility: 'hidden' });
  const overlay = s('rect', { x: left, y: top, width: plotW, height: plotH, class: 'overlay' });
  svg.append(sel, overlay);
  const binAt = (clientX: number) => {
    const r = svg.getBoundingClientRect();
    const x = ((clientX - r.left) / r.width) * width;
    return Math.max(0, Math.min(bs.length - 1, Math.floor((x - left) / bw)));
  };
  let from: number | null = null;
  const paint = (a: number, b: number) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    sel.setAttribute('x', String(left + lo * bw));
    sel.setAttribute('width', String((hi - lo + 1) * bw));
    sel.setAttribute('visibility', 'visible');
    return [lo, hi];
  };
  const kept = selected && binsCovering(bs, selected);
  if (kept) paint(kept[0], kept[1]);
  overlay.addEventListener('pointerdown', (ev) => {
    const pe = ev as PointerEvent;
    from = binAt(pe.clientX);
    overlay.setPointerCapture(pe.pointerId);
    paint(from, from);
  });
  overlay.addEventListener('pointermove', (ev) => {
    if (from !== null) paint(from, binAt((ev as PointerEvent).clientX));
  });
  overlay.addEventListener('pointerup', (ev) => {
    if (from === null) return;
    const to = binAt((ev as PointerEvent).clientX);
    const [lo, hi] = paint(from, to);
    from = null;
    // A click without a drag over the whole span clears the selection.
    if (lo === 0 && hi === bs.length - 1) {
      sel.setAttribute('visibility', 'hidden');
      onBrush(null);
    } else {
      onBrush([toIso(bs[lo].first), toIso(bs[hi].last)]);
    }
  });
  overlay.addEventListener('dblclick', () => {
    sel.setAttribute('visibility', 'hidden');
    onBrush(null);
  });
}
