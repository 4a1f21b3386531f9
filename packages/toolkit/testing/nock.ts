// For test files that use nock: no real connections while they run, every interceptor used, and
// http and fetch left as they were found for the next test file of the same Jest worker (nock
// patches them process-wide; a leaked disableNetConnect once broke an unrelated suite).
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import nock from 'nock';

export function isolateNock(options: { requireAllUsed?: boolean } = {}): void {
  beforeAll(() => nock.disableNetConnect());
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
