// When the app probe stops waiting for a failing health check (src/app/probe-settled.ts).
import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { failureSettled, LISTENING_SETTLE_MS } from '../src/app/probe-settled.js';

const up = { listening: [3000], listeningForMs: LISTENING_SETTLE_MS };
const ask = (port: number, status: number) => ({ port, path: '/health', status });

describe('failureSettled', () => {
  it('a path the app answers 404 or 405 for is final once the app has listened a while', () => {
    expect(failureSettled({ healthExit: 1, ...up, asks: [ask(3000, 404)] })).toBe(true);
    expect(failureSettled({ healthExit: 1, ...up, asks: [ask(3000, 405)] })).toBe(true);
    expect(failureSettled({ healthExit: 1, ...up, listeningForMs: 500, asks: [ask(3000, 404)] })).toBe(false);
  });

  it('a port the app does not listen on is final; one it may still open is not', () => {
    expect(failureSettled({ healthExit: 1, ...up, asks: [ask(8080, 0)] })).toBe(true);
    expect(
      failureSettled({ healthExit: 1, ...up, listening: [], listeningForMs: 0, asks: [ask(8080, 0)] }),
    ).toBe(false);
  });

  it('a command the image lacks (exit 126/127) is final even before the app listens', () => {
    for (const healthExit of [126, 127])
      expect(failureSettled({ healthExit, listening: [], listeningForMs: 0, asks: [] })).toBe(true);
  });

  it('5xx, no answer, 408/425/429 and a check with nothing to ask may still pass: the probe waits', () => {
    for (const status of [0, 500, 502, 503, 408, 425, 429])
      expect(failureSettled({ healthExit: 1, ...up, asks: [ask(3000, status)] })).toBe(false);
    expect(failureSettled({ healthExit: 1, ...up, asks: [] })).toBe(false);
  });
});

const answer = fc.oneof(fc.constant(0), fc.integer({ min: 200, max: 599 }));
const check = fc.record({
  healthExit: fc.integer({ min: 1, max: 125 }),
  listening: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }),
  listeningForMs: fc.nat(10_000),
  asks: fc.array(
    fc.record({ port: fc.integer({ min: 1, max: 9 }), path: fc.constant('/'), status: answer }),
    {
      maxLength: 3,
    },
  ),
});

test.prop({ check })('never final while the app may be warming up', ({ check }) => {
  const warming = check.asks.some(
    (a) => check.listening.includes(a.port) && (a.status === 0 || a.status >= 500 || a.status === 429),
  );
  if (warming || check.listening.length === 0 || check.listeningForMs < LISTENING_SETTLE_MS)
    expect(failureSettled(check)).toBe(false);
});

test.prop({ check, exit: fc.constantFrom(126, 127) })(
  'a command the image lacks is always final',
  ({ check, exit }) => {
    expect(failureSettled({ ...check, healthExit: exit })).toBe(true);
  },
);

test.prop({ check })('a port the app never opened settles once it has listened a while', ({ check }) => {
  const elsewhere = { ...check, listening: [10], listeningForMs: LISTENING_SETTLE_MS };
  expect(failureSettled({ ...elsewhere, asks: [...check.asks.map((a) => ({ ...a, port: 11 }))] })).toBe(
    check.asks.length > 0,
  );
});
