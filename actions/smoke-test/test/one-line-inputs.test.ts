// A one-line input with a line break would put a line of the caller's choosing into the log,
// e.g. a forged `::error::` (issue #15: finding 3). It is refused before any request.
import { describe, expect, it } from '@jest/globals';
import { appServers, errors, smokeTest } from './support.js';

const start = appServers();

describe('smoke-test refuses a line break in a one-line input', () => {
  it('expect-version', async () => {
    const server = await start({ tasks: ['v2'] });
    const run = await smokeTest(server.url, {
      'expect-version': 'v2\n::error title=forged::all checks passed',
      'wait-until-healthy': '2s',
    });
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toMatch(
      /Input 'expect-version' has a line break \(CR or LF\): a good value is one line/,
    );
    expect(run.commands.filter((c) => c.properties.title === 'forged')).toEqual([]);
    expect(server.requestCount('/health')).toBe(0);
  });
});
