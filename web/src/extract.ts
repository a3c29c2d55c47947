// A box to paste an article and see what sitrep reads in it.

import * as api from './api';
import { h, clear, beginView } from './dom';
import { claimsTable, fatalitiesBox, highlighted, legend } from './incident';
import type { Mark } from './spans';
import { dateText, placeText } from './style';
import type { Evidence, Report } from './types';

function eventMarks(report: Report): Mark[] {
  const marks: Mark[] = [];
  const add = (e: Evidence | null | undefined, cls: string, title: string, key?: string) => {
    if (e) marks.push({ start: e.start, end: e.end, classes: [cls], title, keys: key ? [key] : [] });
  };
  report.events.forEach((ev) => {
    add(ev.evidence, 'm-trigger', `${ev.event_type} — ${ev.sub_event_type}`);
    add(ev.date?.evidence, 'm-time', dateText(ev.date));
    add(ev.location?.evidence, 'm-place', placeText(ev.location));
    for (const a of ev.actors) for (const e of a.evidence) add(e, 'm-actor', a.name);
    ev.claims.forEach((c, n) => {
      add(c.cue, 'claim-cue', c.claimant.name, `c${n}`);
      add(c.killed?.evidence, 'claim-figure', `${c.claimant.name}: killed`, `c${n}`);
      add(c.injured?.evidence, 'claim-figure', `${c.claimant.name}: injured`, `c${n}`);
    });
  });
  return marks;
}

function showReport(out: HTMLElement, text: string, report: Report): void {
  clear(out);
  out.append(
    h('p', { class: 'meta' }, `Language ${report.document.language.toUpperCase()} · published ${report.document.published ?? 'unknown'} · ${report.events.length} event(s)`),
  );
  if (report.events.length === 0) out.append(h('p', {}, 'No event found in this text.'));
  for (const ev of report.events) {
    out.append(
      h(
        'section',
        { class: 'event' },
        h('h3', {}, `${ev.event_type} — ${ev.sub_event_type}`, ev.background ? ' (background mention)' : ''),
        h('p', {}, `${dateText(ev.date)} · ${placeText(ev.location)}`),
        h('p', {}, ev.actors.map((a) => `${a.name} (${a.role.replace(/_/g, ' ')})`).join('; ') || 'no actor named'),
        fatalitiesBox(ev.fatalities),
        ev.claims.length ? claimsTable(ev.claims) : h('p', {}, 'No casualty claim.'),
      ),
    );
  }
  out.append(h('h3', {}, 'The text'), legend(), highlighted(text, eventMarks(report)));
  const raw = h('details', {}, h('summary', {}, 'Report as JSON'), h('pre', { class: 'json' }, JSON.stringify(report, null, 2)));
  out.append(raw);
}

export function renderExtract(host: HTMLElement): void {
  beginView();
  clear(host);
  const text = h('textarea', { id: 'article', rows: 10, placeholder: 'Paste a news article (French or English)…' }) as HTMLTextAreaElement;
  const published = h('input', { id: 'published', type: 'date' }) as HTMLInputElement;
  const language = h(
    'select',
    { id: 'language' },
    h('option', { value: 'auto' }, 'detect'),
    h('option', { value: 'fr' }, 'French'),
    h('option', { value: 'en' }, 'English'),
  ) as HTMLSelectElement;
  const out = h('div', { id: 'report' });
  const button = h('button', { type: 'submit' }, 'Read') as HTMLButtonElement;
  const form = h(
    'form',
    { class: 'extract' },
    h('h2', {}, 'Read an article'),
    text,
    h('div', { class: 'row' }, h('label', {}, 'Published ', published), h('label', {}, 'Language ', language), button),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    button.disabled = true;
    clear(out);
    out.append(h('p', { class: 'loading' }, 'Reading…'));
    try {
      const report = await api.extract({
        text: text.value,
        published: published.value || undefined,
        language: language.value,
      });
      showReport(out, text.value, report);
    } catch (e) {
      clear(out);
      out.append(h('p', { class: 'error' }, (e as Error).message));
    } finally {
      button.disabled = false;
    }
  });
  host.append(form, out);
}
