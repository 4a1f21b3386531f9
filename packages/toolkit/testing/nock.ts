// For test files that use nock: no real connections while they run, every interceptor used, and
// http and fetch left as they were found for the next test file of the same Jest worker (nock
// patches them process-wide; a leaked disableNetConnect once broke an unrelated suite).
// nock is loaded in beforeAll, not at import: importing nock patches http and fetch, and a test
// that only wants collectingLog from this subpath must not get that.
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import type nockModule from 'nock';

type Nock = typeof nockModule;

export function isolateNock(options: { requireAllUsed?: boolean } = {}): void {
  let nock: Nock;
  beforeAll(async () => {
    nock = (await import('nock')).default;
    nock.disableNetConnect();
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (options.requireAllUsed ?? true) expect(pending).toEqual([]);
  });
}
