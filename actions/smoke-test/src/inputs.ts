// Reads and validates every input of smoke-test into SmokeOptions before any request.
import {
  InputError,
  InputErrors,
  maskSecret,
  maskSecretHeaders,
  readBoolean,
  readDuration,
  readInput,
  readInputs,
  readInteger,
  readMap,
  readString,
  readUrl,
} from '@shipline/toolkit';
import { CHECKS_EXAMPLE, DEFAULT_CHECKS, parseChecks, type Check } from './checks.js';
import { mergeHeaders } from './http.js';
import type { SmokeOptions } from './types.js';
import { parseVersionSource, type VersionSource } from './version.js';

/**
 * Every input, validated together before any request; credential-carrying headers (and a
 * password in the URL) are masked as soon as they are read.
 */
export function readSmokeOptions(): SmokeOptions {
  const raw = readInputs({
    base: () => readBaseUrl(),
    checks: () =>
      readInput('checks', { default: DEFAULT_CHECKS, multiline: true }, CHECKS_EXAMPLE, (text, fail) => {
        try {
          return parseChecks(text);
        } catch (error) {
          return fail((error as Error).message);
        }
      }),
    expected: () => readString('expect-version', { example: 'v2.3.1 or ${{ github.sha }}' }),
    source: () =>
      readInput(
        'version-from',
        { default: parseVersionSource('header:x-app-version') },
        'header:x-app-version (or json:build.version)',
        (text, fail) => {
          try {
            return parseVersionSource(text);
          } catch (error) {
            return fail((error as Error).message);
          }
        },
      ),
    headers: () =>
      readMap('headers', {
        separator: ':',
        key: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
        keyHint: 'an HTTP header name',
        secret: true,
        example: 'Authorization: Bearer ${{ secrets.SMOKE_TOKEN }}',
      }),
    requestTimeoutMs: () =>
      readDuration('request-timeout', { default: 5_000, minMs: 100, maxMs: 5 * 60_000, example: '5s' }),
    waitUntilHealthyMs: () =>
      readDuration('wait-until-healthy', { default: 2 * 60_000, minMs: 0, maxMs: 3_600_000, example: '2m' }),
    samples: () => readInteger('samples', { default: 20, min: 1, max: 10_000, example: '20' }),
    concurrency: () => readInteger('concurrency', { default: 4, min: 1, max: 100, example: '4' }),
    maxP95Ms: () => readInteger('max-p95-ms', { default: 500, min: 1, max: 600_000, example: '500' }),
    maxErrorRate: () => readErrorRate(),
    insecureTls: () => readBoolean('insecure-tls', { default: false }),
  });
  // Names lowercased, so a check's headers replace these whatever their case (HTTP ignores it).
  const headers = mergeHeaders(Object.fromEntries(raw.headers ?? []));
  if (raw.base.authorization && headers.authorization === undefined) {
    headers.authorization = raw.base.authorization;
  }
  maskSecretHeaders(headers);
  for (const check of raw.checks) maskSecretHeaders(check.headers);
  refuseContradictions(raw.checks, raw.source, raw.expected);
  return {
    url: raw.base.url,
    checks: raw.checks,
    version: { source: raw.source, expected: raw.expected },
    headers,
    requestTimeoutMs: raw.requestTimeoutMs,
    waitUntilHealthyMs: raw.waitUntilHealthyMs,
    samples: raw.samples,
    concurrency: raw.concurrency,
    maxP95Ms: raw.maxP95Ms,
    maxErrorRate: raw.maxErrorRate,
    insecureTls: raw.insecureTls,
  };
}

/**
 * The base URL. fetch refuses URLs with credentials, so `https://user:pass@host` becomes the
 * host alone plus an `Authorization: Basic` header (unless `headers` gives one), masked.
 */
function readBaseUrl(): { url: URL; authorization?: string } {
  const url = readUrl('url', {
    required: true,
    secret: true,
    allowCredentials: true,
    example: 'https://staging.example.com',
  });
  if (url.search !== '' || url.hash !== '') {
    throw new InputError(
      'url',
      'must be a base URL without ?query or #fragment (put those in the check paths)',
      'https://staging.example.com/app',
    );
  }
  if (url.username === '' && url.password === '') return { url };
  const [user, password] = [decodeLoosely(url.username), decodeLoosely(url.password)];
  maskSecret(url.password);
  maskSecret(password);
  url.username = '';
  url.password = '';
  return { url, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

function decodeLoosely(text: string): string {
  return decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, '%25'));
}

/** `1%` or `0.01`: a bare number above 1 is refused, since 5 could mean 5 % or 500 %. */
function readErrorRate(): number {
  return readInput('max-error-rate', { default: 0.01 }, '1% (or 0.01)', (text, fail) => {
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
    const value = percent ? Number(percent[1]) / 100 : /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(value)) fail(`"${text}" is not a percentage or a fraction`);
    if (value > 1) fail(`"${text}" is above 100%${percent ? '' : ' (write a percentage with %, e.g. 5%)'}`);
    return value;
  });
}

/** Inputs that are each fine but together would check nothing, or something that cannot be there. */
function refuseContradictions(checks: Check[], source: VersionSource, expected: string | undefined): void {
  const errors: InputError[] = [];
  const versioned = checks.filter((check) => check.checkVersion);
  if (expected !== undefined && versioned.length === 0) {
    const problem = 'is given but every check has check-version: false, so no answer would be checked for it';
    errors.push(new InputError('expect-version', problem, 'leave check-version on for /health'));
  }
  const headless = versioned.filter((check) => check.method === 'HEAD');
  if (source.kind === 'json' && headless.length > 0) {
    const problem = `reads the version from the JSON body, but ${headless.map((c) => `"${c.name}"`).join(', ')} uses HEAD, whose answer has no body`;
    errors.push(
      new InputError(
        'version-from',
        problem,
        'header:x-app-version (or check-version: false on the HEAD check)',
      ),
    );
  }
  if (errors.length > 0) throw new InputErrors(errors);
}
