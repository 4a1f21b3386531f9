// maskSecret (lines, URL-encoded forms, credential headers) and the summary helpers (tables, details).
import { describe, expect, it } from '@jest/globals';
import {
  details,
  isSecretHeader,
  markdownTable,
  maskSecret,
  maskSecretHeaders,
  redact,
} from '../src/index.js';

describe('maskSecret', () => {
  it('registers the value, each line of a multi-line value and its URL-encoded form', () => {
    const masked: string[] = [];
    maskSecret('line-one\nline two/+', (v) => masked.push(v));
    expect(masked.slice(0, 3)).toEqual(['line-one\nline two/+', 'line-one', 'line two/+']);
    expect(masked).toContain('line-one%0Aline%20two%2F%2B');
  });
  it('ignores empty values (masking "" would hide nothing and confuse the runner)', () => {
    const masked: string[] = [];
    maskSecret('  ', (v) => masked.push(v));
    maskSecret(undefined, (v) => masked.push(v));
    expect(masked).toEqual([]);
  });
  it('masks credential headers and the bare credential', () => {
    const masked: string[] = [];
    maskSecretHeaders({ Authorization: 'Bearer abc123', Accept: 'json', 'X-Api-Key': 'k-1' }, (v) =>
      masked.push(v),
    );
    expect(masked).toEqual(expect.arrayContaining(['Bearer abc123', 'Bearer%20abc123', 'abc123', 'k-1']));
    expect(masked).not.toContain('json');
    expect(isSecretHeader('cookie')).toBe(true);
    expect(isSecretHeader('x-github-token')).toBe(true);
    expect(isSecretHeader('content-type')).toBe(false);
  });
  it('redacts longest secrets first', () => {
    expect(redact('token=abcdef and abc', ['abc', 'abcdef'])).toBe('token=*** and ***');
  });
});

describe('summary helpers', () => {
  it('builds a table that survives pipes and newlines', () => {
    expect(
      markdownTable(
        ['a', 'b'],
        [
          ['x|y', 'line\nbreak'],
          [1, true],
        ],
      ),
    ).toBe('| a | b |\n| --- | --- |\n| x\\|y | line<br>break |\n| 1 | true |');
  });
  it('collapses details with an escaped title', () => {
    expect(details('<events>', 'body')).toBe(
      '<details><summary>&lt;events&gt;</summary>\n\nbody\n\n</details>',
    );
  });
});
