// The page: incidents (filters, map, timeline, list), one incident, and a
// box to read a pasted article. Routes live in the hash so the server only
// ever serves one page.

import './style.css';
import * as api from './api';
import { h, clear, beginView } from './dom';
import { renderExtract } from './extract';
import { renderIncident } from './incident';
import { drawMap } from './map';
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

async function renderOverview(host: HTMLElement, filters: api.Filters): Promise<void> {
  const current = beginView();
  clear(host);
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

  const countries = new Map<string, string>();
  for (const i of all) {
    const cc = i.location?.country_code;
    if (cc) countries.set(cc, i.location?.country ?? cc);
  }
  const types = new Set<string>([...EVENT_TYPES, ...all.map((i) => i.event_type)]);

  const country = h(
    'select',
    { id: 'f-country', name: 'country' },
    option('', 'all countries', !filters.country),
    ...[...countries]
      .sort((a, b) => a[1].localeCompare(b[1]))
      .map(([cc, name]) => option(cc, `${name} (${cc})`, cc === filters.country)),
  ) as HTMLSelectElement;
  const type = h(
    'select',
    { id: 'f-type', name: 'type' },
    option('', 'all event types', !filters.type),
    ...[...types].map((t) => option(t, t, t === filters.type)),
  ) as HTMLSelectElement;
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
    h(
      'p',
      { class: 'type-legend' },
      ...[...types].map((t) => {
        const sw = h('span', { class: 'swatch' });
        sw.style.background = colour(t);
        return h('span', { class: 'legend-item' }, sw, t);
      }),
      h('span', { class: 'legend-item' }, 'circle area ∝ best fatality figure; hollow: unknown'),
    ),
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

  const map = drawMap(mapHost, all.length ? all : shown, (id) => (location.hash = `#/incident/${id}`));
  let range: Range | null = null;
  const refresh = () => {
    const visible = shown.filter((i) => inRange(i, range));
    map.show(visible);
    status.textContent =
      `${shown.length} incident${shown.length === 1 ? '' : 's'}` +
      (range ? `, ${visible.length} between ${range[0]} and ${range[1]}` : '');
    rangeLabel.textContent = range ? `Selected: ${range[0]} – ${range[1]}.` : '';
    clearRange.hidden = !range;
    clear(list);
    for (const i of visible) {
      const sw = h('span', { class: 'swatch' });
      sw.style.background = colour(i.event_type);
      list.append(
        h(
          'tr',
          { class: 'incident-row', 'data-id': i.id },
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
  drawTimeline(timeHost, shown, (r) => {
    range = r;
    refresh();
  });
  clearRange.addEventListener('click', () => {
    range = null;
    drawTimeline(timeHost, shown, (r) => {
      range = r;
      refresh();
    });
    refresh();
  });
  refresh();
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

window.addEventListener('hashchange', route);
route();
