// collectingLog: the test log keeps lines, warnings and groups in order and runs group bodies.
import { expect, test } from '@jest/globals';
import { collectingLog } from '../testing/index.js';

test('keeps every line in order, with warnings and groups marked, and returns what a group returns', async () => {
  const log = collectingLog();
  log.info('one');
  const value = await log.group('phase', async () => {
    log.warning('careful');
    return 42;
  });
  expect(value).toBe(42);
  expect(log.lines).toEqual(['one', '── phase', 'warning: careful']);
  expect(log.infos).toEqual(['one']);
  expect(log.warnings).toEqual(['careful']);
  expect(log.groups).toEqual(['phase']);
});
