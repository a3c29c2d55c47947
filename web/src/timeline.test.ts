import { describe, expect, it } from 'vitest';
import { bins, binsCovering } from './timeline';
import type { Incident } from './types';

function at(day: string, type = 'Battles'): Incident {
  return {
    id: 0, event_type: type, sub_event_type: '', location: null, actors: [], civilian_targeting: false,
    fatalities: { low: null, best: null, high: null, acled: null }, claims: [], documents: [], notes: '',
    date: { start: day, end: day, time_precision: 1, evidence: null },
  };
}

describe('bins', () => {
  it('counts per day over short spans, empty days included', () => {
    const { bins: bs, weekly } = bins([at('2025-03-01'), at('2025-03-03', 'Riots'), at('2025-03-03')]);
    expect(weekly).toBe(false);
    expect(bs.map((b) => b.total)).toEqual([1, 0, 2]);
    expect(bs[2].counts.get('Riots')).toBe(1);
  });

  it('counts per week from Monday over long spans', () => {
    // 2025-01-01 is a Wednesday: its week starts on Monday 2024-12-30.
    const { bins: bs, weekly } = bins([at('2025-01-01'), at('2025-01-05'), at('2025-06-30')]);
    expect(weekly).toBe(true);
    expect(new Date(bs[0].first * 86_400_000).toISOString().slice(0, 10)).toBe('2024-12-30');
    expect(bs[0].total).toBe(2);
    expect(bs[bs.length - 1].total).toBe(1);
    expect(bs.reduce((n, b) => n + b.total, 0)).toBe(3);
  });

  it('leaves undated incidents out', () => {
    expect(bins([{ ...at('2025-01-01'), date: null }]).bins).toEqual([]);
  });
});

describe('binsCovering', () => {
  it('finds the bins of a range kept over new bins', () => {
    const { bins: daily } = bins([at('2025-03-01'), at('2025-03-10')]);
    expect(binsCovering(daily, ['2025-03-02', '2025-03-04'])).toEqual([1, 3]);
    const { bins: weekly } = bins([at('2025-01-01'), at('2025-06-30')]);
    // 2025-01-08 is in the second week (from Monday 2025-01-06).
    expect(binsCovering(weekly, ['2025-01-08', '2025-01-08'])).toEqual([1, 1]);
    expect(binsCovering(daily, ['2026-01-01', '2026-01-02'])).toBeNull();
  });
});
