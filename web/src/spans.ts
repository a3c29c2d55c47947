// Cuts a document text into runs at the edges of evidence spans. Spans are
// byte offsets into the UTF-8 text (as the pipeline reports them), while
// JavaScript strings count UTF-16 units, so the cutting is done on bytes.

export interface Mark {
  start: number;
  end: number;
  /** CSS classes of the highlight, e.g. the mention kind. */
  classes: string[];
  /** Shown on hover. */
  title?: string;
  /** Ties highlights to a row of the claims table. */
  keys?: string[];
}

export interface Segment {
  text: string;
  marks: Mark[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Moves an offset back onto the first byte of a UTF-8 character. */
function snap(bytes: Uint8Array, at: number): number {
  while (at > 0 && at < bytes.length && (bytes[at] & 0xc0) === 0x80) at--;
  return at;
}

export function segments(text: string, marks: Mark[]): Segment[] {
  const bytes = encoder.encode(text);
  const valid = marks
    .filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end))
    .map((m) => ({ ...m, start: snap(bytes, m.start), end: snap(bytes, m.end) }))
    .filter((m) => m.start >= 0 && m.end <= bytes.length && m.start < m.end);
  const cuts = new Set<number>([0, bytes.length]);
  for (const m of valid) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const edges = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const [a, b] = [edges[i], edges[i + 1]];
    const over = valid.filter((m) => m.start <= a && m.end >= b);
    out.push({ text: decoder.decode(bytes.subarray(a, b)), marks: over });
  }
  return out;
}
