import type { Incident, IncidentPage, Report, StoredDocument } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = await res.json();
      if (body && typeof body.error === 'string') message = body.error;
    } catch {
      // The body was not JSON: the status line says enough.
    }
    throw new ApiError(res.status, message);
  }
  return res.json() as Promise<T>;
}

export interface Filters {
  country: string;
  type: string;
  since: string;
  until: string;
}

export const noFilters: Filters = { country: '', type: '', since: '', until: '' };

const PAGE = 1000;
/** A page in a browser cannot show more than this usefully. */
const MAX_INCIDENTS = 20000;

/** Every incident that passes the filters, fetched page by page. */
export async function allIncidents(f: Filters): Promise<{ incidents: Incident[]; total: number }> {
  const incidents: Incident[] = [];
  let total = 0;
  for (let offset = 0; offset < MAX_INCIDENTS; offset += PAGE) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
    q.set('offset', String(offset));
    q.set('limit', String(PAGE));
    const page = await json<IncidentPage>(await fetch(`/api/incidents?${q}`));
    incidents.push(...page.incidents);
    total = page.total;
    if (incidents.length >= total || page.incidents.length === 0) break;
  }
  return { incidents, total };
}

export async function incident(id: number): Promise<Incident> {
  return json(await fetch(`/api/incidents/${id}`));
}

export async function document(id: string): Promise<StoredDocument> {
  return json(await fetch(`/api/documents/${encodeURIComponent(id)}`));
}

export async function extract(body: {
  text: string;
  published?: string;
  language?: string;
}): Promise<Report> {
  return json(
    await fetch('/api/extract', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}
