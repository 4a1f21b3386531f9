// percentile and latencySummary.
import { describe, expect, it } from '@jest/globals';
import { latencySummary, percentile } from '../src/percentiles.js';

describe('percentile (nearest rank)', () => {
  it('picks the value at the rank, whatever the input order', () => {
    const values = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(100);
    expect(percentile(values, 90)).toBe(90);
    expect(percentile(values, 0)).toBe(10);
    expect(values[0]).toBe(50); // not sorted in place
  });

  it('one slow request in 20 is the p99 and max but not the p95', () => {
    const values = [...Array.from({ length: 19 }, () => 10), 900];
    expect(latencySummary(values)).toEqual({ count: 20, p50: 10, p95: 10, p99: 900, max: 900 });
  });

  it('is NaN without values', () => {
    expect(latencySummary([]).p95).toBeNaN();
  });
});
