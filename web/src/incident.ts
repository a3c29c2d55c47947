// The incident page: what, when, where, who; the competing claims side by
// side; each source document with the evidence highlighted.

import * as api from './api';
import { h, clear, beginView } from './dom';
import { feed } from './live';
import { segments, type Mark } from './spans';
import { CLAIMANT_KINDS, QUALIFIERS, colour, dateText, placeText } from './style';
import type { Claim, Evidence, Fatalities, Figure, Incident, SourcedClaim, StoredDocument } from './types';

const PRECISION_TIME: Record<number, string> = { 1: 'exact day', 2: 'week or span of days', 3: 'month or coarser' };
const PRECISION_GEO: Record<number, string> = { 1: 'the place itself', 2: 'near the place', 3: 'region only' };

function figureText(f: Figure): string {
  if (f.value === null || f.value === undefined) return 'no figure';
  return f.high ? `${f.value}–${f.high}` : String(f.value);
}

/** One row per reported figure: a claim of deaths and injuries makes two. */
export function claimsTable(claims: Claim[], docOf?: (c: Claim) => string | null): HTMLElement {
  const head = ['Claimant', 'Kind', 'Outcome', 'Figure', 'Qualifier', 'Category', 'Quoted words', 'Cue'];
  if (docOf) head.push('Document');
  const body = h('tbody');
  claims.forEach((c, n) => {
    const figures: [string, Figure | null][] = [];
    if (c.killed) figures.push(['killed', c.killed]);
    if (c.injured) figures.push(['injured', c.injured]);
    if (figures.length === 0) figures.push(['—', null]);
    for (const [outcome, f] of figures) {
      const row = h(
        'tr',
        { class: 'claim', 'data-claim': n },
        h('td', { class: 'claimant' }, c.claimant.name),
        h('td', { class: 'kind' }, CLAIMANT_KINDS[c.claimant.kind] ?? c.claimant.kind),
        h('td', { class: 'outcome' }, outcome),
        h('td', { class: 'figure' }, f ? figureText(f) : 'no figure'),
        h('td', { class: 'qualifier' }, f ? (QUALIFIERS[f.qualifier] ?? f.qualifier) : ''),
        h('td', { class: 'category' }, f?.category ?? ''),
        h('td', { class: 'quote' }, f ? h('q', {}, f.evidence.text) : ''),
        h('td', { class: 'cue' }, c.cue ? h('q', {}, c.cue.text) : ''),
        docOf ? h('td', { class: 'doc' }, docOf(c) ?? '') : null,
      );
      // Hovering a row lights up its words in the document below.
      row.addEventListener('mouseenter', () => lightClaim(n, true));
      row.addEventListener('mouseleave', () => lightClaim(n, false));
      body.append(row);
    }
  });
  return h(
    'table',
    { class: 'claims' },
    h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))),
    body,
  );
}

function lightClaim(n: number, on: boolean): void {
  for (const m of document.querySelectorAll(`mark[data-claims~="c${n}"]`)) m.classList.toggle('lit', on);
}

export function fatalitiesBox(f: Fatalities): HTMLElement {
  const cell = (label: string, v: number | null, hint: string) =>
    h('div', { class: 'fig', title: hint }, h('span', { class: 'label' }, label), h('span', { class: 'value' }, v ?? '—'));
  return h(
    'div',
    { class: 'fatalities' },
    cell('low', f.low, 'the lowest credible figure'),
    cell('best', f.best, 'the figure most sources support'),
    cell('high', f.high, 'the highest figure'),
    cell('ACLED', f.acled, "ACLED's conservative figure: the lowest reported total"),
  );
}

/** The marks of one claim in one document. */
function claimMarks(c: Claim, n: number): Mark[] {
  const out: Mark[] = [];
  const add = (e: Evidence | null | undefined, cls: string, title: string) => {
    if (e) out.push({ start: e.start, end: e.end, classes: [cls], title, keys: [`c${n}`] });
  };
  add(c.cue, 'claim-cue', `${c.claimant.name} (${CLAIMANT_KINDS[c.claimant.kind] ?? c.claimant.kind})`);
  add(c.killed?.evidence, 'claim-figure', `${c.claimant.name}: killed ${c.killed ? figureText(c.killed) : ''}`);
  add(c.injured?.evidence, 'claim-figure', `${c.claimant.name}: injured ${c.injured ? figureText(c.injured) : ''}`);
  return out;
}

/** The text with its marks. Every piece of text goes in as a text node. */
export function highlighted(text: string, marks: Mark[]): HTMLElement {
  const pre = h('div', { class: 'doc-text' });
  for (const seg of segments(text, marks)) {
    if (seg.marks.length === 0) {
      pre.append(document.createTextNode(seg.text));
      continue;
    }
    const classes = new Set(seg.marks.flatMap((m) => m.classes));
    const keys = seg.marks.flatMap((m) => m.keys ?? []);
    const title = seg.marks.map((m) => m.title).filter(Boolean).join('\n');
    pre.append(
      h('mark', { class: [...classes].join(' '), title: title || null, 'data-claims': keys.join(' ') || null }, seg.text),
    );
  }
  return pre;
}

const KINDS = ['time', 'place', 'actor', 'quantity', 'cue', 'trigger'];

export function legend(): HTMLElement {
  return h(
    'p',
    { class: 'legend' },
    'Highlighted: ',
    ...KINDS.map((k) => h('mark', { class: `m-${k}` }, k)),
    ' ',
    h('mark', { class: 'claim-figure' }, 'claimed figure'),
    ' ',
    h('mark', { class: 'claim-cue' }, 'who says it'),
  );
}

function documentSection(doc: StoredDocument, claims: SourcedClaim[]): HTMLElement {
  const marks: Mark[] = doc.mentions
    .filter((m) => KINDS.includes(m.kind))
    .map((m) => ({ start: m.start, end: m.end, classes: [`m-${m.kind}`], title: m.kind }));
  claims.forEach((c, n) => {
    if (c.document_id === doc.id || c.reprinted_in?.includes(doc.id)) marks.push(...claimMarks(c, n));
  });
  return h(
    'article',
    { class: 'document', 'data-doc': doc.id },
    h('h3', {}, doc.title ?? doc.id),
    h(
      'p',
      { class: 'meta' },
      [doc.source, doc.published, doc.language?.toUpperCase(), `id ${doc.id}`].filter(Boolean).join(' · '),
      doc.url ? ' · ' : null,
      doc.url && /^https?:\/\//i.test(doc.url) ? h('a', { href: doc.url, rel: 'noopener noreferrer nofollow' }, 'original') : null,
    ),
    highlighted(doc.text, marks),
  );
}

/** Documents never change once stored: a page redrawn for a new report
 * fetches only the new one. */
const documents = new Map<string, Promise<StoredDocument>>();

function loadDocument(id: string): Promise<StoredDocument> {
  let doc = documents.get(id);
  if (!doc) {
    doc = api.document(id);
    documents.set(id, doc);
    doc.catch(() => documents.delete(id));
  }
  return doc;
}

/** The page of one incident; `loaded` resolves once every document is in
 * (or known missing). */
function incidentPage(inc: Incident, note: string | null): { page: HTMLElement; loaded: Promise<void> } {
  const l = inc.location;
  const page = h(
    'section',
    { class: 'incident', 'data-incident': inc.id },
    h('a', { href: '#/', class: 'back' }, '← all incidents'),
    note ? h('p', { class: 'live-note', role: 'status' }, note) : null,
    h(
      'h2',
      {},
      h('span', { class: 'swatch', style: null, 'data-type': inc.event_type }, ''),
      `${inc.event_type} — ${inc.sub_event_type}`,
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Date'),
      h('dd', { class: 'date' }, dateText(inc.date), inc.date ? ` (${PRECISION_TIME[inc.date.time_precision] ?? ''})` : ''),
      h('dt', {}, 'Place'),
      h(
        'dd',
        { class: 'place' },
        placeText(l),
        l && l.latitude !== null && l.longitude !== null ? ` · ${l.latitude.toFixed(3)}, ${l.longitude.toFixed(3)}` : '',
        l ? ` (${PRECISION_GEO[l.geo_precision] ?? ''})` : '',
      ),
      h('dt', {}, 'Actors'),
      h(
        'dd',
        { class: 'actors' },
        inc.actors.length === 0
          ? 'none named'
          : h('ul', {}, ...inc.actors.map((a) => h('li', {}, h('b', {}, a.name), ` — ${a.role.replace(/_/g, ' ')}, inter ${a.inter}`))),
      ),
      h('dt', {}, 'Civilians targeted'),
      h('dd', {}, inc.civilian_targeting ? 'yes' : 'no'),
      inc.notes ? h('dt', {}, 'Notes') : null,
      inc.notes ? h('dd', { class: 'notes' }, inc.notes) : null,
    ),
    h('h3', {}, 'Fatalities'),
    fatalitiesBox(inc.fatalities),
    h('h3', {}, `Claims (${inc.claims.length})`),
    claimsTable(inc.claims, (c) => {
      const sc = c as SourcedClaim;
      const also = sc.reprinted_in?.length ? ` (+${sc.reprinted_in.length} reprint)` : '';
      return sc.document_id + also;
    }),
    h('h3', {}, `Sources (${inc.documents.length})`),
    legend(),
  );
  const swatch = page.querySelector('.swatch') as HTMLElement | null;
  if (swatch) swatch.style.background = colour(inc.event_type);
  const loads = inc.documents.map((meta) => {
    const slot = h('div', { class: 'doc-slot' }, h('p', { class: 'loading' }, `Loading ${meta.id}…`));
    page.append(slot);
    return loadDocument(meta.id)
      .then((doc) => slot.replaceChildren(documentSection(doc, inc.claims)))
      .catch((e: Error) =>
        slot.replaceChildren(
          h('article', { class: 'document missing' }, h('h3', {}, meta.title ?? meta.id), h('p', { class: 'meta' }, `text not available: ${e.message}`)),
        ),
      );
  });
  return { page, loaded: Promise.all(loads).then(() => undefined) };
}

function updatedNote(inc: Incident, created: boolean): string {
  const at = new Date().toLocaleTimeString();
  const n = inc.claims.length;
  const d = inc.documents.length;
  const what = created ? 'stored' : 'a new report joined this incident';
  return `Updated at ${at}: ${what} (${n} claim${n === 1 ? '' : 's'} from ${d} source${d === 1 ? '' : 's'}).`;
}

/** The page of incident `id`, redrawn when the live feed brings a new
 * version of it (a report joined it), or drawn when it did not exist yet
 * and then appears. */
export async function renderIncident(host: HTMLElement, id: number): Promise<void> {
  const current = beginView();
  clear(host);
  host.append(h('p', { class: 'loading' }, 'Loading…'));
  await feed.whenReady();
  if (!current()) return;
  let state: 'loading' | 'shown' | 'missing' = 'loading';
  /** A version the feed brought while the page loaded. */
  let newest: Incident | null = null;
  let drawing = Promise.resolve();
  const redraw = (inc: Incident, created: boolean) => {
    drawing = drawing.then(async () => {
      const { page, loaded } = incidentPage(inc, updatedNote(inc, created));
      // Swapped in whole once its documents are in, so that the page
      // neither flickers nor shrinks under the reader.
      await loaded;
      if (current()) host.replaceChildren(page);
    });
  };
  const offIncidents = feed.onIncidents((incs) => {
    if (!current()) {
      offIncidents();
      return;
    }
    const mine = incs.filter((i) => i.id === id).pop();
    if (!mine) return;
    if (state === 'loading') newest = mine;
    else {
      redraw(mine, state === 'missing');
      state = 'shown';
    }
  });
  const offResync = feed.onResync(() => {
    offResync();
    offIncidents();
    documents.clear();
    if (current()) void renderIncident(host, id);
  });
  let inc: Incident;
  try {
    inc = await api.incident(id);
  } catch (e) {
    if (!current()) return;
    if (newest === null) {
      state = 'missing';
      clear(host);
      host.append(h('p', { class: 'error' }, `Incident ${id}: ${(e as Error).message}`), h('a', { href: '#/' }, '← all incidents'));
      return;
    }
    inc = newest;
  }
  if (!current()) return;
  // What came on the feed during the load is at least as new as the load:
  // anything newer still will come after it.
  if (newest !== null) inc = newest;
  state = 'shown';
  const { page } = incidentPage(inc, null);
  host.replaceChildren(page);
}
