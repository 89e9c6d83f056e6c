import { mergeByTime } from './notification-timeline.js';

describe('mergeByTime', () => {
  const at = (s: number, tag: string) => ({ occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString(), tag });

  it('interleaves two time-ordered lists, the first one first on a tie', () => {
    const merged = mergeByTime([at(1, 'a1'), at(3, 'a3'), at(5, 'a5')], [at(0, 'b0'), at(3, 'b3'), at(9, 'b9')]);
    expect(merged.map((e) => e.tag)).toEqual(['b0', 'a1', 'a3', 'b3', 'a5', 'b9']);
  });

  it('keeps either list as it is when the other is empty', () => {
    expect(mergeByTime([at(1, 'a')], []).map((e) => e.tag)).toEqual(['a']);
    expect(mergeByTime([], [at(1, 'b')]).map((e) => e.tag)).toEqual(['b']);
  });
});
