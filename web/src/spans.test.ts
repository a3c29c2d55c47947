import { describe, expect, it } from 'vitest';
import { segments } from './spans';

const bytesOf = (s: string) => new TextEncoder().encode(s).length;

describe('segments', () => {
  it('cuts at byte offsets, not UTF-16 indices', () => {
    const text = 'Près de Tillabéri, quatre soldats tués.';
    const start = bytesOf('Près de ');
    const end = start + bytesOf('Tillabéri');
    const segs = segments(text, [{ start, end, classes: ['place'] }]);
    expect(segs.map((s) => s.text)).toEqual(['Près de ', 'Tillabéri', ', quatre soldats tués.']);
    expect(segs[1].marks[0].classes).toEqual(['place']);
    expect(segs.map((s) => s.text).join('')).toBe(text);
  });

  it('splits overlapping spans into runs carrying every span', () => {
    const text = 'at least 15 civilians killed';
    const segs = segments(text, [
      { start: 0, end: 21, classes: ['quantity'] },
      { start: 9, end: 28, classes: ['claim'] },
    ]);
    expect(segs.map((s) => [s.text, s.marks.map((m) => m.classes[0])])).toEqual([
      ['at least ', ['quantity']],
      ['15 civilians', ['quantity', 'claim']],
      [' killed', ['claim']],
    ]);
  });

  it('drops spans outside the text and snaps offsets inside a character', () => {
    const text = 'é<script>x</script>';
    const segs = segments(text, [
      { start: 1, end: 3, classes: ['a'] }, // 1 is inside "é": snapped to 0
      { start: 5, end: 500, classes: ['b'] },
      { start: 4, end: 4, classes: ['c'] },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs[0]).toEqual({ text: 'é<', marks: [expect.objectContaining({ start: 0, end: 3 })] });
    expect(segs.every((s) => !s.marks.some((m) => m.classes[0] !== 'a'))).toBe(true);
  });

  it('keeps an empty text empty', () => {
    expect(segments('', [{ start: 0, end: 1, classes: [] }])).toEqual([]);
  });
});
