// Jest's test order (test/support/test-order.js): every file once, the longest first, and waiting
// files mixed with computing ones so the CPU stays busy, which ordering by duration alone did not.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  CONTENTION,
  modelSeconds,
  planOrder,
  recordedTimes,
  type RecordedFile,
} from './support/test-order.js';

const table = recordedTimes(
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/suite-times.tsv'),
);
const recorded: RecordedFile[] = [...table].map(([file, t]) => ({ path: file, ...t }));
const slowestFirst = (files: RecordedFile[]) => [...files].sort((a, b) => b.wall - a.wall).map((f) => f.path);
const CI = { workers: 6, cores: 2, besideCpuSeconds: 68 };

const fileArb = fc.record({
  wall: fc.double({ min: 0, max: 120, noNaN: true }),
  cpu: fc.double({ min: 0, max: 40, noNaN: true }),
});
const machineArb = fc.record({
  workers: fc.integer({ min: 1, max: 8 }),
  cores: fc.integer({ min: 1, max: 4 }),
  besideCpuSeconds: fc.integer({ min: 0, max: 100 }),
});

describe('the test order', () => {
  it("holds every file exactly once, and starts the files longer than a quarter of a worker's share first, longest first", () => {
    fc.assert(
      fc.property(fc.array(fileArb, { minLength: 1, maxLength: 60 }), machineArb, (times, machine) => {
        const files = times.map((t, i) => ({ path: `f${i}.test.ts`, ...t }));
        const order = planOrder(files, machine);
        expect([...order].sort()).toEqual(files.map((f) => f.path).sort());
        const alone = (p: string) => {
          const f = files.find((file) => file.path === p)!;
          return Math.max(f.cpu + Math.max(0, f.wall - CONTENTION * f.cpu), 0.05);
        };
        const share = files.reduce((sum, f) => sum + alone(f.path), 0) / machine.workers;
        const long = order.filter((p) => alone(p) >= share * 0.25);
        expect(order.slice(0, long.length)).toEqual(long);
        expect(long.map(alone)).toEqual([...long.map(alone)].sort((a, b) => b - a));
      }),
    );
  });

  it('mixes waiting files with computing ones where slowest-first runs all the waiting ones together', () => {
    const waiting = Array.from({ length: 20 }, (_, i) => ({ path: `wait-${i}`, wall: 6, cpu: 0 }));
    const computing = Array.from({ length: 20 }, (_, i) => ({ path: `compute-${i}`, wall: 5, cpu: 2 }));
    const files = [...waiting, ...computing];
    const machine = { workers: 3, cores: 1 };
    const order = planOrder(files, machine);
    const firstThird = order.slice(0, 13);
    expect(firstThird.filter((p) => p.startsWith('compute')).length).toBeGreaterThanOrEqual(4);
    expect(firstThird.filter((p) => p.startsWith('wait')).length).toBeGreaterThanOrEqual(4);
    expect(
      slowestFirst(files)
        .slice(0, 20)
        .every((p) => p.startsWith('wait')),
    ).toBe(true);
    expect(modelSeconds(files, order, machine)).toBeLessThan(
      0.8 * modelSeconds(files, slowestFirst(files), machine),
    );
  });

  it("on the recorded table, in CI's set-up, ends sooner in the model than slowest-first", () => {
    expect(recorded.length).toBeGreaterThan(100);
    const planned = modelSeconds(recorded, planOrder(recorded, CI), CI);
    expect(planned).toBeLessThan(0.95 * modelSeconds(recorded, slowestFirst(recorded), CI));
  });
});
