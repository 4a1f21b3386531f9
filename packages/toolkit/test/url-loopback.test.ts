// readUrl's loopback rule: plain http only to loopback hosts.
import { afterEach, describe, expect, it } from '@jest/globals';
import { InputError, readUrl } from '../src/index.js';
import { withInputs } from './env.js';

let restore = (): void => undefined;
afterEach(() => restore());

const read = (value: string) => {
  restore = withInputs({ 'events-url': value });
  return readUrl('events-url', { httpOnlyOnLoopback: true });
};

describe('readUrl httpOnlyOnLoopback', () => {
  it('takes https anywhere and plain http on loopback only', () => {
    expect(read('https://events.pagerduty.com')?.host).toBe('events.pagerduty.com');
    for (const local of ['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://localhost:1', 'http://[::1]:9'])
      expect(read(local)?.protocol).toBe('http:');
  });

  it('refuses plain http to any other host, naming the input', () => {
    for (const remote of ['http://events.pagerduty.com', 'http://10.0.0.1', 'http://127.0.0.1.nip.io']) {
      expect(() => read(remote)).toThrow(InputError);
      expect(() => read(remote)).toThrow(/Input 'events-url' is plain http to .*: use https/);
    }
  });
});
