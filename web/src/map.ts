// The map: country outlines (Natural Earth via world-atlas, bundled) with a
// circle per incident, sized by the best fatality figure and coloured by
// event type. No tiles: the page works offline.

import { geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import worldJson from 'world-atlas/countries-50m.json';
import { s, clear } from './dom';
import type { Incident } from './types';
import { colour, dateText, placeText } from './style';

type CountryProps = { name: string };
const world = worldJson as unknown as Topology<{ countries: GeometryCollection<CountryProps> }>;
const countries = feature(world, world.objects.countries) as FeatureCollection<Geometry, CountryProps>;
const borders = mesh(world, world.objects.countries, (a, b) => a !== b);

/** Where the map looks when there is nothing to show: the Sahel. */
const DEFAULT_VIEW: [number, number, number, number] = [-18, 8, 25, 24];

export function radius(best: number | null): number {
  if (best === null || best <= 0) return 4;
  return Math.min(30, 4 + 3 * Math.sqrt(best));
}

function located(i: Incident): [number, number] | null {
  const l = i.location;
  if (!l || l.latitude === null || l.longitude === null) return null;
  return [l.longitude, l.latitude];
}

/** The view around every located incident, with a margin, never tiny. */
export function view(incidents: Incident[]): [number, number, number, number] {
  const pts = incidents.map(located).filter((p): p is [number, number] => p !== null);
  if (pts.length === 0) return DEFAULT_VIEW;
  let [w, so, e, n] = [180, 90, -180, -90];
  for (const [lon, lat] of pts) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    so = Math.min(so, lat);
    n = Math.max(n, lat);
  }
  const pad = (span: number) => Math.max(4, (12 - span) / 2, span * 0.15);
  const px = pad(e - w);
  const py = pad(n - so);
  return [Math.max(-180, w - px), Math.max(-80, so - py), Math.min(180, e + px), Math.min(80, n + py)];
}

export interface MapView {
  /** Draws these incidents (the view stays where it was fitted). */
  show(incidents: Incident[]): void;
}

export function drawMap(
  host: HTMLElement,
  fitTo: Incident[],
  onOpen: (id: number) => void,
): MapView {
  clear(host);
  const width = Math.max(320, host.clientWidth || 900);
  const height = Math.round(Math.min(520, width * 0.55));
  const [w, so, e, n] = view(fitTo);
  const box: Feature = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'MultiPoint', coordinates: [[w, so], [e, n], [w, n], [e, so]] },
  };
  const projection: GeoProjection = geoMercator()
    .fitExtent([[8, 8], [width - 8, height - 8]], box)
    .clipExtent([[0, 0], [width, height]]);
  const path = geoPath(projection);

  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    class: 'map',
    role: 'img',
    'aria-label': 'Map of incidents',
  });
  svg.append(s('rect', { x: 0, y: 0, width, height, class: 'sea' }));
  const land = s('g', { class: 'countries' });
  const labels = s('g', { class: 'country-labels' });
  for (const c of countries.features) {
    const d = path(c);
    if (!d) continue;
    land.append(s('path', { d }, s('title', {}, c.properties.name)));
    // Only countries big enough on screen get a name, so labels don't pile up.
    if (path.area(c) > 2500) {
      const [x, y] = path.centroid(c);
      if (x > 20 && x < width - 20 && y > 10 && y < height - 10) {
        labels.append(s('text', { x, y }, c.properties.name));
      }
    }
  }
  svg.append(land);
  const bd = path(borders);
  if (bd) svg.append(s('path', { d: bd, class: 'borders' }));
  svg.append(labels);
  const dots = s('g', { class: 'incidents' });
  svg.append(dots);
  host.append(svg);

  return {
    show(incidents: Incident[]) {
      clear(dots);
      // Big circles first, so that small ones stay clickable on top.
      const placed = incidents
        .map((i) => ({ i, at: located(i), r: radius(i.fatalities.best) }))
        .filter((x) => x.at !== null)
        .sort((a, b) => b.r - a.r);
      for (const { i, at, r } of placed) {
        const xy = projection(at as [number, number]);
        if (!xy) continue;
        const best = i.fatalities.best;
        const c = s(
          'circle',
          {
            cx: xy[0].toFixed(1),
            cy: xy[1].toFixed(1),
            r: r.toFixed(1),
            fill: colour(i.event_type),
            class: best === null ? 'incident unknown' : 'incident',
            'data-id': i.id,
            tabindex: 0,
            onclick: () => onOpen(i.id),
            onkeydown: (ev: Event) => {
              if ((ev as KeyboardEvent).key === 'Enter') onOpen(i.id);
            },
          },
          s(
            'title',
            {},
            `${i.event_type} — ${i.sub_event_type}\n${dateText(i.date)}\n${placeText(i.location)}\n` +
              `fatalities (best): ${best ?? 'unknown'}`,
          ),
        );
        dots.append(c);
      }
    },
  };
}
