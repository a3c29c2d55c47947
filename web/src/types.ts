// The shapes the API serves; field names are fixed by DESIGN.md.

export interface Evidence {
  text: string;
  start: number;
  end: number;
}

export interface EventDate {
  start: string;
  end: string;
  time_precision: number;
  evidence: Evidence | null;
}

export interface EventLocation {
  name: string;
  geonameid: number | null;
  country_code: string | null;
  country: string | null;
  admin1: string | null;
  admin2: string | null;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number;
  evidence: Evidence | null;
}

export interface EventActor {
  name: string;
  role: string;
  inter: number;
  evidence: Evidence[];
}

export interface Fatalities {
  low: number | null;
  best: number | null;
  high: number | null;
  acled: number | null;
}

export interface Figure {
  value: number | null;
  high?: number | null;
  qualifier: string;
  category: string;
  evidence: Evidence;
}

export interface Claim {
  claimant: { name: string; kind: string };
  cue: Evidence | null;
  killed: Figure | null;
  injured: Figure | null;
}

export interface SourcedClaim extends Claim {
  document_id: string;
  reprinted_in?: string[];
}

export interface DocumentMeta {
  id: string;
  language: string;
  published: string | null;
  title: string | null;
  source: string | null;
  url: string | null;
}

export interface Incident {
  id: number;
  event_type: string;
  sub_event_type: string;
  date: EventDate | null;
  location: EventLocation | null;
  actors: EventActor[];
  civilian_targeting: boolean;
  fatalities: Fatalities;
  claims: SourcedClaim[];
  documents: DocumentMeta[];
  notes: string;
}

export interface IncidentPage {
  total: number;
  offset: number;
  incidents: Incident[];
}

export interface Mention {
  kind: string;
  start: number;
  end: number;
  text: string;
  value: unknown;
}

export interface StoredDocument extends DocumentMeta {
  text: string;
  mentions: Mention[];
}

export interface ReportEvent {
  id: string;
  background: boolean;
  event_type: string;
  sub_event_type: string;
  date: EventDate | null;
  location: EventLocation | null;
  actors: EventActor[];
  civilian_targeting: boolean;
  fatalities: Fatalities;
  claims: Claim[];
  notes: string;
  evidence: Evidence;
}

export interface Report {
  document: DocumentMeta;
  events: ReportEvent[];
}
