// Colours and labels shared by the map, the timeline and the incident page.

export const EVENT_TYPES = [
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Protests',
  'Riots',
  'Strategic developments',
] as const;

const COLOURS: Record<string, string> = {
  Battles: '#c62828',
  'Explosions/Remote violence': '#ef6c00',
  'Violence against civilians': '#6a1b9a',
  Protests: '#2e7d32',
  Riots: '#6d4c41',
  'Strategic developments': '#1565c0',
};

export function colour(eventType: string): string {
  return COLOURS[eventType] ?? '#616161';
}

export const CLAIMANT_KINDS: Record<string, string> = {
  party: 'party to the conflict',
  official: 'official',
  local_source: 'local source',
  ngo: 'NGO',
  media: 'media',
  unattributed: 'unattributed',
};

export const QUALIFIERS: Record<string, string> = {
  exact: 'exact',
  at_least: 'at least',
  about: 'about',
  at_most: 'at most',
  range: 'range',
  vague: 'vague',
};

export function dateText(d: { start: string; end: string } | null): string {
  if (!d) return 'date unknown';
  return d.start === d.end ? d.start : `${d.start} – ${d.end}`;
}

export function placeText(l: { name: string; admin1: string | null; country: string | null; country_code: string | null } | null): string {
  if (!l) return 'place unknown';
  return [l.name, l.admin1 !== l.name ? l.admin1 : null, l.country ?? l.country_code].filter(Boolean).join(', ');
}
