// The page: incidents (filters, map, timeline, list), one incident, and a
// box to read a pasted article. Routes live in the hash so the server only
// ever serves one page.

import './style.css';
import * as api from './api';
import { h, clear, beginView } from './dom';
import { renderExtract } from './extract';
import { renderIncident } from './incident';
import * as live from './live';
import { mergeAll } from './live';
import { drawMap, view as mapView } from './map';
import { drawTimeline, type Range } from './timeline';
import { EVENT_TYPES, colour, dateText, placeText } from './style';
import type { Incident } from './types';

const app = document.getElementById('app') as HTMLElement;

/** Every incident, unfiltered: the country list and the map's frame. */
let everything: Promise<Incident[]> | null = null;

function filtersFromHash(query: string): api.Filters {
  const q = new URLSearchParams(query);
  return {
    country: q.get('country') ?? '',
    type: q.get('type') ?? '',
    since: q.get('since') ?? '',
    until: q.get('until') ?? '',
  };
}

function hashOf(f: api.Filters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `#/?${s}` : '#/';
}

function option(value: string, label: string, selected: boolean): HTMLElement {
  return h('option', { value, selected }, label);
}

function inRange(i: Incident, r: Range | null): boolean {
  if (!r) return true;
  return !!i.date && i.date.end >= r[0] && i.date.start <= r[1];
}

/** Country codes and names, for the country filter. */
function countriesOf(all: Incident[]): [string, string][] {
  const countries = new Map<string, string>();
  for (const i of all) {
    const cc = i.location?.country_code;
    if (cc) countries.set(cc, i.location?.country ?? cc);
  }
  return [...countries].sort((a, b) => a[1].localeCompare(b[1]));
}

function typesOf(all: Incident[]): string[] {
  return [...new Set<string>([...EVENT_TYPES, ...all.map((i) => i.event_type)])];
}

/** How long a row the live feed brought stays marked. */
const FRESH_MS = 4000;

async function renderOverview(host: HTMLElement, filters: api.Filters): Promise<void> {
  const current = beginView();
  clear(host);
  // Loaded after the live stream stands where the server does, so that
  // no incident stored in between is missed.
  await live.feed.whenReady();
  if (!current()) return;
  // What the feed brings while the lists load waits until they are in.
  let pending: Incident[] | null = [];
  let onLive: (incs: Incident[]) => void = () => {};
  const offIncidents = live.feed.onIncidents((incs) => {
    if (!current()) {
      offIncidents();
      return;
    }
    if (pending) pending.push(...incs);
    else onLive(incs);
  });
  const offResync = live.feed.onResync(() => {
    offResync();
    offIncidents();
    if (current()) void renderOverview(host, filters);
  });
  everything ??= api.allIncidents(api.noFilters).then((r) => r.incidents);
  let all: Incident[];
  let shown: Incident[];
  try {
    [all, shown] = await Promise.all([everything, api.allIncidents(filters).then((r) => r.incidents)]);
  } catch (e) {
    everything = null;
    if (!current()) return;
    host.append(h('p', { class: 'error' }, `Cannot load incidents: ${(e as Error).message}`));
    return;
  }
  if (!current()) return;
  all = mergeAll(all, pending, api.noFilters).list;
  shown = mergeAll(shown, pending, filters).list;
  pending = null;

  const country = h('select', { id: 'f-country', name: 'country' }) as HTMLSelectElement;
  const type = h('select', { id: 'f-type', name: 'type' }) as HTMLSelectElement;
  const fillSelects = () => {
    country.replaceChildren(
      option('', 'all countries', !filters.country),
      ...countriesOf(all).map(([cc, name]) => option(cc, `${name} (${cc})`, cc === filters.country)),
    );
    type.replaceChildren(
      option('', 'all event types', !filters.type),
      ...typesOf(all).map((t) => option(t, t, t === filters.type)),
    );
  };
  fillSelects();
  const since = h('input', { id: 'f-since', type: 'date', value: filters.since }) as HTMLInputElement;
  const until = h('input', { id: 'f-until', type: 'date', value: filters.until }) as HTMLInputElement;
  const apply = () => {
    location.hash = hashOf({ country: country.value, type: type.value, since: since.value, until: until.value });
  };
  for (const el of [country, type, since, until]) el.addEventListener('change', apply);
  const reset = h('button', { type: 'button', onclick: () => (location.hash = '#/') }, 'Reset');

  const status = h('p', { class: 'status', id: 'status' });
  const mapHost = h('div', { class: 'map-host' });
  const timeHost = h('div', { class: 'time-host' });
  const rangeLabel = h('span', { class: 'range' });
  const clearRange = h('button', { type: 'button', hidden: true }, 'Clear time selection');
  const list = h('tbody');
  const legendHost = h('p', { class: 'type-legend' });
  const fillLegend = () => {
    legendHost.replaceChildren(
      ...typesOf(all).map((t) => {
        const sw = h('span', { class: 'swatch' });
        sw.style.background = colour(t);
        return h('span', { class: 'legend-item' }, sw, t);
      }),
      h('span', { class: 'legend-item' }, 'circle area ∝ best fatality figure; hollow: unknown'),
    );
  };
  fillLegend();

  host.append(
    h(
      'form',
      { class: 'filters', onsubmit: (e: Event) => e.preventDefault() },
      h('label', {}, 'Country ', country),
      h('label', {}, 'Event type ', type),
      h('label', {}, 'From ', since),
      h('label', {}, 'To ', until),
      reset,
    ),
    status,
    mapHost,
    legendHost,
    h('div', { class: 'time-head' }, h('b', {}, 'Timeline'), ' — drag across it to filter the map. ', rangeLabel, clearRange),
    timeHost,
    h(
      'table',
      { class: 'incidents' },
      h(
        'thead',
        {},
        h('tr', {}, ...['Date', 'Event', 'Place', 'Fatalities (best)', 'Claims', 'Sources'].map((t) => h('th', {}, t))),
      ),
      list,
    ),
  );

  const open = (id: number) => (location.hash = `#/incident/${id}`);
  const frameOf = () => (all.length ? all : shown);
  let map = drawMap(mapHost, frameOf(), open);
  let frame = mapView(frameOf());
  let range: Range | null = null;
  /** Ids the live feed just brought, and when. */
  const fresh = new Map<number, number>();
  const refresh = () => {
    const visible = shown.filter((i) => inRange(i, range));
    map.show(visible);
    status.textContent =
      `${shown.length} incident${shown.length === 1 ? '' : 's'}` +
      (range ? `, ${visible.length} between ${range[0]} and ${range[1]}` : '');
    rangeLabel.textContent = range ? `Selected: ${range[0]} – ${range[1]}.` : '';
    clearRange.hidden = !range;
    clear(list);
    const now = Date.now();
    for (const i of visible) {
      const sw = h('span', { class: 'swatch' });
      sw.style.background = colour(i.event_type);
      const isFresh = now - (fresh.get(i.id) ?? -Infinity) < FRESH_MS;
      list.append(
        h(
          'tr',
          { class: isFresh ? 'incident-row fresh' : 'incident-row', 'data-id': i.id },
          h('td', {}, dateText(i.date)),
          h('td', {}, sw, h('a', { href: `#/incident/${i.id}`, class: 'open' }, `${i.event_type} — ${i.sub_event_type}`)),
          h('td', { class: 'place' }, placeText(i.location)),
          h('td', { class: 'num' }, i.fatalities.best ?? '—'),
          h('td', { class: 'num' }, i.claims.length),
          h('td', { class: 'num' }, i.documents.length),
        ),
      );
    }
    if (visible.length === 0) list.append(h('tr', {}, h('td', { colspan: 6 }, 'No incident matches.')));
  };
  const onBrush = (r: Range | null) => {
    range = r;
    refresh();
  };
  drawTimeline(timeHost, shown, onBrush);
  clearRange.addEventListener('click', () => {
    range = null;
    drawTimeline(timeHost, shown, onBrush);
    refresh();
  });
  refresh();

  onLive = (incs) => {
    const before = countriesOf(all).length + typesOf(all).length;
    all = mergeAll(all, incs, api.noFilters).list;
    const merged = mergeAll(shown, incs, filters);
    if (countriesOf(all).length + typesOf(all).length !== before) {
      fillSelects();
      fillLegend();
    }
    // A new place outside the map's frame: frame it anew.
    const newFrame = mapView(frameOf());
    if (newFrame.some((v, k) => v !== frame[k])) {
      frame = newFrame;
      map = drawMap(mapHost, frameOf(), open);
    }
    if (!merged.changed) return;
    shown = merged.list;
    const now = Date.now();
    for (const i of incs) fresh.set(i.id, now);
    drawTimeline(timeHost, shown, onBrush, range);
    refresh();
  };
}

function route(): void {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.remove('active');
  const incident = /^\/incident\/(\d+)$/.exec(path);
  if (incident) {
    void renderIncident(app, Number(incident[1]));
  } else if (path === '/extract') {
    document.querySelector('[data-nav="extract"]')?.classList.add('active');
    renderExtract(app);
  } else {
    document.querySelector('[data-nav="map"]')?.classList.add('active');
    void renderOverview(app, filtersFromHash(query));
  }
  window.scrollTo(0, 0);
}

// The unfiltered list follows the feed too, for the next view that uses it.
live.feed.onIncidents((incs) => {
  everything = everything?.then((all) => mergeAll(all, incs, api.noFilters).list) ?? null;
});
live.feed.onResync(() => {
  everything = null;
});
const badge = document.createElement('span');
document.querySelector('header.top')?.append(badge);
live.statusBadge(live.feed, badge);
live.feed.start();

window.addEventListener('hashchange', route);
route();
