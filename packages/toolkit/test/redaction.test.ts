// maskSecret and redactSecrets: every registered form of a secret is redacted.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  excerpt,
  forgetSecrets,
  maskSecret,
  maskSecretHeaders,
  neutraliseCommands,
  printable,
  redactSecrets,
  secretForms,
  untrusted,
} from '../src/index.js';

const WEBHOOK = 'https://hooks.slack.com/services/T0001/B0002/s3cretWebhookPart42';
const none = (): void => undefined;

afterEach(() => forgetSecrets());

describe('secretForms', () => {
  it('derives the path, query and trailing segments of a secret URL', () => {
    const forms = secretForms(`${WEBHOOK}?sig=abcdef123`);
    for (const form of [
      'hooks.slack.com/services/T0001/B0002/s3cretWebhookPart42?sig=abcdef123',
      '/services/T0001/B0002/s3cretWebhookPart42?sig=abcdef123',
      '/services/T0001/B0002/s3cretWebhookPart42',
      'T0001/B0002/s3cretWebhookPart42',
      'B0002/s3cretWebhookPart42',
      's3cretWebhookPart42',
      'sig=abcdef123',
    ]) {
      expect(forms).toContain(form);
    }
  });
  it('derives the user-info, the password and the Basic credential of a URL', () => {
    const forms = secretForms('https://deploy:Reg%40Pw789@registry.example.com/app');
    expect(forms).toEqual(expect.arrayContaining(['deploy:Reg%40Pw789', 'Reg%40Pw789', 'Reg@Pw789']));
    expect(forms).toContain(`Basic ${Buffer.from('deploy:Reg@Pw789').toString('base64')}`);
  });
  it('derives encodings: URI, JSON-escaped, base64 at every byte shift', () => {
    const secret = 'pa"ss/wo rd+9';
    const forms = secretForms(secret);
    expect(forms).toEqual(
      expect.arrayContaining([
        encodeURIComponent(secret),
        JSON.stringify(secret).slice(1, -1),
        Buffer.from(secret).toString('base64'),
      ]),
    );
    const inBasic = Buffer.from(`u:${secret}`).toString('base64');
    expect(forms.some((form) => form.length >= 8 && inBasic.includes(form))).toBe(true);
  });
  it('derives the credential of an Authorization value', () => {
    expect(secretForms('Bearer ghp_abc123')).toContain('ghp_abc123');
    expect(secretForms('token ghp_abc123')).toContain('ghp_abc123');
    const basic = `Basic ${Buffer.from('user:hunter22').toString('base64')}`;
    expect(secretForms(basic)).toEqual(expect.arrayContaining(['user:hunter22', 'hunter22']));
  });
  it('registers each line of a multi-line secret, and no short derived noise', () => {
    const forms = secretForms('-----BEGIN KEY-----\nMIIEabc\nend-----');
    expect(forms).toEqual(expect.arrayContaining(['-----BEGIN KEY-----', 'MIIEabc', 'end-----']));
    expect(secretForms('https://h.io/a/b').every((form) => form.length >= 6)).toBe(true);
  });
});

describe('redactSecrets', () => {
  it('redacts every derived form of every registered secret (finding 2: the webhook path alone)', () => {
    maskSecret(WEBHOOK, none);
    expect(redactSecrets('POST /services/T0001/B0002/s3cretWebhookPart42 failed')).toBe('POST *** failed');
    expect(redactSecrets(`url=${encodeURIComponent(WEBHOOK)}`)).toBe('url=***');
    expect(redactSecrets('part s3cretWebhookPart42 seen')).toBe('part *** seen');
  });
  it('registers with the runner every form it redacts', () => {
    const registered: string[] = [];
    maskSecretHeaders({ Authorization: 'Bearer xoxb-123456', Accept: 'json' }, (v) => registered.push(v));
    expect(registered).toEqual(expect.arrayContaining(['Bearer xoxb-123456', 'xoxb-123456']));
    expect(redactSecrets('{"error":"invalid_auth","token":"xoxb-123456"}')).toBe(
      '{"error":"invalid_auth","token":"***"}',
    );
  });
  it('leaves text alone when nothing is registered', () => {
    expect(redactSecrets('nothing secret')).toBe('nothing secret');
  });
});

describe('untrusted text in the log', () => {
  it('shows control, bidirectional and zero-width characters as escapes, on one line', () => {
    expect(printable('a\r\nb\u001b[31m\u202egnp.exe\u200b\u2028')).toBe(
      'a\\r\\nb\\u001b[31m\\u202egnp.exe\\u200b\\u2028',
    );
  });
  it('never lets a line start a workflow command', () => {
    expect(neutraliseCommands('ok\n::error::pwned\n  ::set-output name=x::1\nx ##[error]y')).toBe(
      'ok\n\\::error::pwned\n  \\::set-output name=x::1\nx #\\#[error]y',
    );
    expect(untrusted('::add-mask::x\n::error::y')).toBe('\\::add-mask::x\\n::error::y');
  });
  it('quotes a bounded, redacted excerpt, redacting before cutting', () => {
    maskSecret('xoxb-0123456789-secret', none);
    const body = `${'x'.repeat(190)} xoxb-0123456789-secret ${'y'.repeat(500)}`;
    const quoted = excerpt(body, 200);
    expect(quoted).not.toContain('xoxb-0123');
    expect(quoted.startsWith(`${'x'.repeat(190)} ***`)).toBe(true);
    expect(quoted).toMatch(/… \(\+\d+ chars\)$/);
    expect(excerpt('short\nbody')).toBe('short\\nbody');
  });
});
