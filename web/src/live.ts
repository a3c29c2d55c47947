// The page follows the database as it grows: one EventSource on /api/live
// for the whole page, whose incidents every view merges into what it shows.
// The merge itself is pure (merge, mergeAll) so that it can be tested
// without a browser.

import type { Filters } from './api';
import type { Incident } from './types';

/** Whether an incident passes the page's filters, as the server decides
 * for GET /api/incidents. */
export function matches(i: Incident, f: Filters): boolean {
  if (f.country) {
    const cc = i.location?.country_code;
    if (!cc || cc.toUpperCase() !== f.country.toUpperCase()) return false;
  }
  if (f.type && i.event_type !== f.type) return false;
  if (f.since || f.until) {
    if (!i.date) return false;
    if (f.since && i.date.end < f.since) return false;
    if (f.until && i.date.start > f.until) return false;
  }
  return true;
}

/** The server's order: by first day, undated last, then by id. */
export function compare(a: Incident, b: Incident): number {
  const da = a.date?.start ?? null;
  const db = b.date?.start ?? null;
  if (da !== db) {
    if (da === null) return 1;
    if (db === null) return -1;
    return da < db ? -1 : 1;
  }
  return a.id - b.id;
}

export type Change = 'inserted' | 'replaced' | 'removed' | 'none';

/** `list` with `inc` merged in: put in its place when new, in place of its
 * old version when known (moved if its date changed), taken out when it no
 * longer passes the filters. A new array; `list` is left as it was. */
export function merge(list: Incident[], inc: Incident, f: Filters): { list: Incident[]; change: Change } {
  const at = list.findIndex((i) => i.id === inc.id);
  const keep = matches(inc, f);
  if (at < 0 && !keep) return { list, change: 'none' };
  const rest = at < 0 ? list : [...list.slice(0, at), ...list.slice(at + 1)];
  if (!keep) return { list: rest, change: 'removed' };
  let pos = rest.findIndex((i) => compare(inc, i) < 0);
  if (pos < 0) pos = rest.length;
  return { list: [...rest.slice(0, pos), inc, ...rest.slice(pos)], change: at < 0 ? 'inserted' : 'replaced' };
}

/** Several incidents merged in order (a later version of one wins), and
 * whether anything the list shows changed. */
export function mergeAll(list: Incident[], incs: Incident[], f: Filters): { list: Incident[]; changed: boolean } {
  let changed = false;
  for (const inc of incs) {
    const r = merge(list, inc, f);
    list = r.list;
    if (r.change !== 'none') changed = true;
  }
  return { list, changed };
}

export type Status = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** What the feed needs of EventSource, so that tests can stand in for it. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((e: Event) => void) | null;
  onerror: ((e: Event) => void) | null;
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  close(): void;
}

/** EventSource.CLOSED, which Node has no EventSource to name. */
const CLOSED = 2;

export interface FeedOptions {
  open: (url: string) => EventSourceLike;
  /** How long incidents are gathered before views hear of them, so that a
   * burst redraws once. */
  gatherMs?: number;
  /** How long the first load waits for the stream before going ahead
   * without it. */
  readyTimeoutMs?: number;
  /** Waits before opening a new stream after one failed for good. */
  backoffMs?: number[];
}

type Listener<T> = (v: T) => void;

/** The page's one connection to /api/live. Views subscribe with
 * onIncidents and onResync; a listener returns nothing and is dropped with
 * the function each returns. */
export class LiveFeed {
  private source: EventSourceLike | null = null;
  private readonly incidents = new Set<Listener<Incident[]>>();
  private readonly resyncs = new Set<Listener<void>>();
  private readonly statuses = new Set<Listener<Status>>();
  private gathered: Incident[] = [];
  private gatherTimer: ReturnType<typeof setTimeout> | null = null;
  private reopenTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private opened = 0;
  private resolveReady: () => void = () => {};
  private readonly ready: Promise<void>;
  status: Status = 'connecting';

  constructor(
    private readonly url: string,
    private readonly options: FeedOptions,
  ) {
    this.ready = new Promise((ok) => (this.resolveReady = ok));
  }

  start(): void {
    setTimeout(() => this.resolveReady(), this.options.readyTimeoutMs ?? 1500);
    this.open();
  }

  /** Resolves once the stream stands where the server is (`ready`), or
   * when it could not be opened in time: a list loaded after this misses
   * no change, since every later one comes on the stream. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  onIncidents(fn: Listener<Incident[]>): () => void {
    this.incidents.add(fn);
    return () => this.incidents.delete(fn);
  }

  onResync(fn: Listener<void>): () => void {
    this.resyncs.add(fn);
    return () => this.resyncs.delete(fn);
  }

  onStatus(fn: Listener<Status>): () => void {
    this.statuses.add(fn);
    fn(this.status);
    return () => this.statuses.delete(fn);
  }

  private setStatus(s: Status): void {
    if (s === this.status) return;
    this.status = s;
    for (const fn of [...this.statuses]) fn(s);
  }

  private open(): void {
    const es = this.options.open(this.url);
    this.source = es;
    // A stream opened anew (not EventSource's own reconnection, which
    // sends Last-Event-ID) starts from now: whatever came in between is
    // only in a fresh list.
    const fresh = this.opened++ > 0;
    let sawReady = false;
    es.addEventListener('ready', () => {
      this.failures = 0;
      this.setStatus('live');
      this.resolveReady();
      if (fresh && !sawReady) this.resync();
      sawReady = true;
    });
    es.addEventListener('incident', (e) => {
      let inc: Incident;
      try {
        inc = JSON.parse(e.data) as Incident;
      } catch {
        return;
      }
      this.gather(inc);
    });
    es.addEventListener('resync', () => this.resync());
    es.onerror = () => {
      if (es !== this.source) return;
      if (es.readyState !== CLOSED) {
        // EventSource retries by itself, with Last-Event-ID.
        this.setStatus('reconnecting');
        return;
      }
      // Given up (an error status, a proxy's page): open a new one later.
      es.close();
      this.setStatus('offline');
      this.resolveReady();
      const waits = this.options.backoffMs ?? [2000, 5000, 15000, 30000];
      const wait = waits[Math.min(this.failures, waits.length - 1)];
      this.failures++;
      this.reopenTimer = setTimeout(() => {
        this.reopenTimer = null;
        this.open();
      }, wait);
    };
  }

  private gather(inc: Incident): void {
    this.gathered.push(inc);
    if (this.gatherTimer !== null) return;
    this.gatherTimer = setTimeout(() => this.flush(), this.options.gatherMs ?? 100);
  }

  private flush(): void {
    this.gatherTimer = null;
    const batch = this.gathered;
    this.gathered = [];
    if (batch.length === 0) return;
    for (const fn of [...this.incidents]) fn(batch);
  }

  private resync(): void {
    // Gathered incidents are older than the list about to be loaded.
    if (this.gatherTimer !== null) clearTimeout(this.gatherTimer);
    this.gatherTimer = null;
    this.gathered = [];
    for (const fn of [...this.resyncs]) fn();
  }

  stop(): void {
    this.source?.close();
    this.source = null;
    if (this.reopenTimer !== null) clearTimeout(this.reopenTimer);
    if (this.gatherTimer !== null) clearTimeout(this.gatherTimer);
  }
}

/** The page's feed, started by main.ts before the first view loads. */
export const feed = new LiveFeed('/api/live', {
  open: (url) => new EventSource(url),
});

const LABELS: Record<Status, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  offline: 'offline',
};

const TITLES: Record<Status, string> = {
  connecting: 'Connecting to the live feed',
  live: 'New incidents appear as they are stored',
  reconnecting: 'The live feed was cut; reconnecting (nothing is lost)',
  offline: 'The live feed is unavailable; retrying. Reload the page to see new incidents meanwhile.',
};

/** The small dot in the header that says whether the page is live. */
export function statusBadge(f: LiveFeed, el: HTMLElement): void {
  el.classList.add('live-status');
  const dot = document.createElement('span');
  dot.className = 'dot';
  const label = document.createElement('span');
  label.className = 'label';
  el.replaceChildren(dot, label);
  f.onStatus((s) => {
    el.dataset.state = s;
    label.textContent = LABELS[s];
    el.title = TITLES[s];
  });
}
