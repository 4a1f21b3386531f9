import { describe, expect, it } from '@jest/globals';
import { findLeaks, type RawLine } from '../src/leaks.js';
import { SecretMasker } from '../src/masker.js';
import { expectNoLeaks } from '../src/index.js';

const SECRET = 'p4ssw0rd-0123456789';

function line(seq: number, text: string): RawLine {
  return { stage: 'main', stream: 'stdout', line: seq, text, seq };
}

describe('SecretMasker', () => {
  it('masks every occurrence, merging overlapping matches into one ***', () => {
    const masker = new SecretMasker();
    masker.add('abcd', 0);
    masker.add('cdef', 0);
    expect(masker.mask('x abcdef y abcd')).toBe('x *** y ***');
  });

  it('masks each line of a multi-line value and its base64 / JSON / URI forms', () => {
    const masker = new SecretMasker();
    masker.add('-----BEGIN-----\nkey body line\n-----END-----', 0);
    masker.add('a"b c/d', 0);
    expect(masker.mask('key body line')).toBe('***');
    // The base64 form is matched without its padding.
    expect(masker.mask(Buffer.from('a"b c/d').toString('base64'))).toBe('***==');
    expect(masker.mask(JSON.stringify({ v: 'a"b c/d' }))).toBe('{"v":"***"}');
    expect(masker.mask(`?q=${encodeURIComponent('a"b c/d')}`)).toBe('?q=***');
  });

  it('ignores blank values', () => {
    const masker = new SecretMasker();
    masker.add('  ', 0);
    expect(masker.values).toEqual([]);
  });
});

describe('findLeaks', () => {
  it('flags output printed before the registration, not after it', () => {
    const masker = new SecretMasker();
    masker.add(SECRET, 2);
    const leaks = findLeaks(
      masker,
      [line(1, `got ${SECRET}`), line(2, `::add-mask::${SECRET}`), line(3, SECRET)],
      [],
    );
    expect(leaks).toEqual([
      expect.objectContaining({
        where: 'stdout',
        stage: 'main',
        line: 1,
        form: 'value',
        hint: 'p4…(19 chars)',
      }),
    ]);
  });

  it('flags stored values whenever the value was registered, in any encoding', () => {
    const masker = new SecretMasker();
    masker.add(SECRET, 5);
    const leaks = findLeaks(
      masker,
      [],
      [
        {
          stage: 'post',
          outputs: { auth: Buffer.from(SECRET).toString('base64') },
          state: { s: `x${SECRET}` },
          env: { TOKEN: SECRET },
          summary: `# Report\nsecret: ${SECRET}`,
        },
      ],
    );
    expect(leaks.map((l) => [l.where, l.name ?? l.line, l.form])).toEqual([
      ['output', 'auth', 'base64'],
      ['state', 's', 'value'],
      ['env', 'TOKEN', 'value'],
      ['summary', 2, 'value'],
    ]);
  });

  it('skips stop-commands tokens, which are masked but are no secret', () => {
    const masker = new SecretMasker();
    masker.add('stop-token-1234', 3, false);
    expect(findLeaks(masker, [line(1, 'stop-token-1234')], [])).toEqual([]);
  });
});

describe('expectNoLeaks', () => {
  it('throws a readable message without the value, and honours allow', () => {
    const masker = new SecretMasker();
    masker.add(SECRET, 9);
    const leaks = findLeaks(
      masker,
      [line(4, SECRET)],
      [{ stage: 'main', outputs: {}, state: {}, env: { A: SECRET }, summary: '' }],
    );
    expect(() => expectNoLeaks({ leaks })).toThrow(
      '2 leak(s) of masked values:\n  - main: masked value p4…(19 chars) in stdout line 4: printed before',
    );
    expect(() => expectNoLeaks({ leaks })).not.toThrow(SECRET);
    expect(() =>
      expectNoLeaks({ leaks: leaks.filter((l) => l.where === 'env') }, { allow: ['env'] }),
    ).not.toThrow();
  });
});
