import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveFeed, compare, matches, merge, mergeAll, type EventSourceLike } from './live';
import { noFilters, type Filters } from './api';
import type { Incident } from './types';

function inc(id: number, day: string | null, cc = 'ML', type = 'Battles', notes = ''): Incident {
  return {
    id, event_type: type, sub_event_type: '', actors: [], civilian_targeting: false,
    fatalities: { low: null, best: null, high: null, acled: null }, claims: [], documents: [], notes,
    date: day ? { start: day, end: day, time_precision: 1, evidence: null } : null,
    location: {
      name: 'x', geonameid: null, country_code: cc, country: null, admin1: null, admin2: null,
      latitude: 15, longitude: 0, geo_precision: 1, evidence: null,
    },
  };
}

const ids = (l: Incident[]) => l.map((i) => i.id);
const only = (f: Partial<Filters>): Filters => ({ ...noFilters, ...f });

describe('merge', () => {
  const list = [inc(1, '2025-03-01'), inc(2, '2025-03-05'), inc(3, null)];

  it('inserts a new incident in the server’s order', () => {
    expect(ids(merge(list, inc(9, '2025-03-03'), noFilters).list)).toEqual([1, 9, 2, 3]);
    expect(ids(merge(list, inc(9, '2025-02-01'), noFilters).list)).toEqual([9, 1, 2, 3]);
    // Undated last, then by id.
    expect(ids(merge(list, inc(0, null), noFilters).list)).toEqual([1, 2, 0, 3]);
    expect(merge(list, inc(9, '2025-03-03'), noFilters).change).toBe('inserted');
  });

  it('replaces a known incident with its new version, moving it if its date changed', () => {
    const r = merge(list, inc(2, '2025-03-05', 'ML', 'Battles', 'new claims'), noFilters);
    expect(r.change).toBe('replaced');
    expect(ids(r.list)).toEqual([1, 2, 3]);
    expect(r.list[1].notes).toBe('new claims');
    expect(ids(merge(list, inc(2, '2025-02-01'), noFilters).list)).toEqual([2, 1, 3]);
  });

  it('leaves out an incident the filters exclude, and takes one out that no longer passes', () => {
    const mali = only({ country: 'ml' });
    const r = merge(list, inc(9, '2025-03-03', 'BF'), mali);
    expect(r.change).toBe('none');
    expect(r.list).toBe(list);
    const moved = merge(list, inc(2, '2025-03-05', 'NE'), mali);
    expect(moved.change).toBe('removed');
    expect(ids(moved.list)).toEqual([1, 3]);
  });

  it('never changes the list it was given', () => {
    const copy = [...list];
    merge(list, inc(9, '2025-03-03'), noFilters);
    merge(list, inc(1, '2025-04-01'), noFilters);
    expect(list).toEqual(copy);
  });

  it('merges several, a later version of one incident winning', () => {
    const r = mergeAll(list, [inc(9, '2025-03-03'), inc(9, '2025-03-04', 'ML', 'Battles', 'v2')], noFilters);
    expect(r.changed).toBe(true);
    expect(ids(r.list)).toEqual([1, 9, 2, 3]);
    expect(r.list[1].notes).toBe('v2');
    expect(mergeAll(list, [inc(9, '2025-03-03', 'BF')], only({ country: 'ML' })).changed).toBe(false);
  });
});

describe('matches', () => {
  it('filters as the server does', () => {
    const i = inc(1, '2025-03-05', 'BF', 'Riots');
    expect(matches(i, noFilters)).toBe(true);
    expect(matches(i, only({ country: 'bf' }))).toBe(true);
    expect(matches(i, only({ country: 'ML' }))).toBe(false);
    expect(matches(i, only({ type: 'Riots' }))).toBe(true);
    expect(matches(i, only({ type: 'Battles' }))).toBe(false);
    expect(matches(i, only({ since: '2025-03-05', until: '2025-03-05' }))).toBe(true);
    expect(matches(i, only({ since: '2025-03-06' }))).toBe(false);
    expect(matches(i, only({ until: '2025-03-04' }))).toBe(false);
    // No date fails any date filter.
    expect(matches(inc(2, null), only({ since: '2000-01-01' }))).toBe(false);
    expect(matches({ ...i, location: null }, only({ country: 'BF' }))).toBe(false);
  });

  it('orders by first day, undated last, then id', () => {
    const sorted = [inc(3, null), inc(2, '2025-01-02'), inc(1, '2025-01-02'), inc(4, '2024-12-31')].sort(compare);
    expect(ids(sorted)).toEqual([4, 1, 2, 3]);
  });
});

/** Stands in for EventSource: the test fires its events. */
class FakeSource implements EventSourceLike {
  static opened: FakeSource[] = [];
  readyState = 0;
  onopen: ((e: Event) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.opened.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  fire(type: string, data: unknown): void {
    for (const fn of this.listeners.get(type) ?? []) fn({ data: JSON.stringify(data) } as MessageEvent);
  }
  fail(closed: boolean): void {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

describe('LiveFeed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSource.opened = [];
  });
  afterEach(() => vi.useRealTimers());

  function started() {
    const feed = new LiveFeed('/api/live', { open: (u) => new FakeSource(u), gatherMs: 100, readyTimeoutMs: 1500, backoffMs: [1000] });
    const got: number[][] = [];
    let resyncs = 0;
    const statuses: string[] = [];
    feed.onIncidents((l) => got.push(ids(l)));
    feed.onResync(() => resyncs++);
    feed.onStatus((s) => statuses.push(s));
    feed.start();
    return { feed, got, resyncs: () => resyncs, statuses, source: () => FakeSource.opened[FakeSource.opened.length - 1] };
  }

  it('is ready at the stream’s ready, and hands incidents over in bursts', async () => {
    const { feed, got, statuses, source } = started();
    let ready = false;
    void feed.whenReady().then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(ready).toBe(false);
    source().fire('ready', { last: 4 });
    await vi.advanceTimersByTimeAsync(0);
    expect(ready).toBe(true);
    expect(statuses).toEqual(['connecting', 'live']);
    source().fire('incident', inc(5, '2025-03-01'));
    source().fire('incident', inc(6, '2025-03-01'));
    expect(got).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(got).toEqual([[5, 6]]);
  });

  it('goes ahead without the stream after a while', async () => {
    const { feed } = started();
    let ready = false;
    void feed.whenReady().then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(1500);
    expect(ready).toBe(true);
  });

  it('passes resync on, dropping what it gathered', async () => {
    const { got, resyncs, source } = started();
    source().fire('ready', { last: 1 });
    source().fire('incident', inc(5, null));
    source().fire('resync', { reason: 'fell behind' });
    await vi.advanceTimersByTimeAsync(200);
    expect(resyncs()).toBe(1);
    expect(got).toEqual([]);
  });

  it('lets EventSource reconnect by itself, and opens a new stream when it gives up, then resyncs', async () => {
    const { resyncs, statuses, source } = started();
    const first = source();
    first.fire('ready', { last: 1 });
    first.fail(false);
    expect(statuses.at(-1)).toBe('reconnecting');
    // Its own reconnection replays what was missed: no resync.
    first.fire('ready', { last: 3 });
    expect(resyncs()).toBe(0);
    expect(statuses.at(-1)).toBe('live');
    first.fail(true);
    expect(statuses.at(-1)).toBe('offline');
    expect(FakeSource.opened.length).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSource.opened.length).toBe(2);
    expect(first.closed).toBe(true);
    source().fire('ready', { last: 9 });
    expect(resyncs()).toBe(1);
    expect(statuses.at(-1)).toBe('live');
  });
});
