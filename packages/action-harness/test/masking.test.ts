// Secret masking as the runner does it, and the leak check that finds a masked value shown unmasked.
import { describe, expect, it } from '@jest/globals';
import { findLeaks, type ShownLine } from '../src/leaks.js';
import { SecretMasker } from '../src/masker.js';
import { expectNoLeaks } from '../src/index.js';

const SECRET = 'p4ssw0rd-0123456789';
const b64 = (text: string) => Buffer.from(text).toString('base64');

function shown(line: number, text: string): ShownLine {
  return { stage: 'main', stream: 'stdout', line, shown: text };
}

describe('SecretMasker (the runner’s masking, exactly)', () => {
  it('masks every occurrence, merging overlapping matches into one ***', () => {
    const masker = new SecretMasker();
    masker.add('abcd');
    masker.add('cdef');
    expect(masker.mask('x abcdef y abcd')).toBe('x *** y ***');
  });

  it('masks the runner’s encodings: padded base64 at three shifts, expression, JSON, URI data, XML', () => {
    const masker = new SecretMasker();
    masker.add(`it's "a" <b&c> d/e!`);
    expect(masker.mask(b64(`it's "a" <b&c> d/e!`))).toBe('***');
    // base64("user:" + secret) ends with the base64 of the secret shifted by one byte.
    expect(masker.mask(`Basic ${b64(`user:it's "a" <b&c> d/e!`)}`)).toMatch(/^Basic [A-Za-z0-9+/]+\*\*\*$/);
    expect(masker.mask(`'it''s "a" <b&c> d/e!'`)).toBe(`'***'`);
    expect(masker.mask(JSON.stringify({ v: `it's "a" <b&c> d/e!` }))).toBe('{"v":"***"}');
    expect(masker.mask(`?q=it%27s%20%22a%22%20%3Cb%26c%3E%20d%2Fe%21`)).toBe('?q=***');
    expect(masker.mask('it&apos;s &quot;a&quot; &lt;b&amp;c&gt; d/e!')).toBe('***');
  });

  it('does not mask base64 that only contains the secret’s encoding in the middle (no padding match)', () => {
    const masker = new SecretMasker();
    masker.add('abcd');
    const inside = b64('abcd and more');
    expect(masker.mask(inside)).toBe(inside);
  });

  it('registers ::add-mask:: values whole, but job secrets trimmed and line by line, like the runner', () => {
    const pem = '-----BEGIN KEY-----\nkey body line\n-----END KEY-----';
    const action = new SecretMasker();
    action.add(pem);
    expect(action.mask('key body line')).toBe('key body line');

    const job = new SecretMasker();
    job.addSecret(`  ${pem}\n`);
    expect(job.mask('key body line')).toBe('***');
    expect(job.values).toEqual([pem]);
  });

  it('ignores blank values', () => {
    const masker = new SecretMasker();
    masker.add('  ');
    masker.addSecret('\n');
    expect(masker.values).toEqual([]);
  });
});

describe('findLeaks', () => {
  it('flags a log line that still shows the value (printed before it was masked)', () => {
    const masker = new SecretMasker();
    masker.add(SECRET);
    const leaks = findLeaks(masker, [shown(1, `got ${SECRET}`), shown(3, masker.mask(SECRET))], []);
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

  it('flags forms the runner does not mask: a line of an add-mask’ed value, base64 inside other base64', () => {
    const masker = new SecretMasker();
    const pem = '-----BEGIN KEY-----\nkey body line\n-----END KEY-----';
    masker.add(pem);
    masker.add(SECRET);
    const lines = [
      shown(1, masker.mask('key body line')),
      shown(2, masker.mask(b64(`{"p":"${SECRET}","x":1}`))),
    ];
    expect(findLeaks(masker, lines, []).map((l) => [l.line, l.form])).toEqual([
      [1, 'line'],
      [2, 'base64'],
    ]);
  });

  it('flags stored values in any encoding', () => {
    const masker = new SecretMasker();
    masker.add(SECRET);
    const leaks = findLeaks(
      masker,
      [],
      [
        {
          stage: 'post',
          outputs: { auth: b64(SECRET) },
          state: { s: `x${SECRET}` },
          env: { TOKEN: SECRET },
          summary: `# Report\r\nsecret: ${SECRET}`,
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
    masker.add('stop-token-1234', false);
    expect(findLeaks(masker, [shown(1, 'stop-token-1234')], [])).toEqual([]);
  });
});

describe('expectNoLeaks', () => {
  it('throws a readable message without the value, and honours allow', () => {
    const masker = new SecretMasker();
    masker.add(SECRET);
    const leaks = findLeaks(
      masker,
      [shown(4, SECRET)],
      [{ stage: 'main', outputs: {}, state: {}, env: { A: SECRET }, summary: '' }],
    );
    expect(() => expectNoLeaks({ leaks })).toThrow(
      '2 leak(s) of masked values:\n  - main: masked value p4…(19 chars) in stdout line 4: the log shows it',
    );
    expect(() => expectNoLeaks({ leaks })).not.toThrow(SECRET);
    expect(() =>
      expectNoLeaks({ leaks: leaks.filter((l) => l.where === 'env') }, { allow: ['env'] }),
    ).not.toThrow();
  });
});
