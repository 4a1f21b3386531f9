// Failure injection on the registry HTTP API with nock: what a real registry does only rarely.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { FakeClock } from '@shipline/toolkit';
import nock from 'nock';
import { RegistryClient, RegistryError, fetchBearerToken, parseChallenge } from '../src/index.js';

const BASE = 'http://registry.test:5000';
const DIGEST = `sha256:${'e'.repeat(64)}`;
const PATH = '/v2/shop/web/manifests/abc';
const BASIC = `Basic ${Buffer.from('ci:pw').toString('base64')}`;

const client = (extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) =>
  new RegistryClient({ baseUrl: BASE, clock: new FakeClock(), retries: 3, ...extra });
const reset = (code: string) => Object.assign(new Error(`read ${code}`), { code });

// nock patches the process-wide fetch: leave it as found for the next test file.
afterAll(() => nock.restore());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('RegistryClient.findManifest', () => {
  it('asks with every manifest type and returns the Docker-Content-Digest', async () => {
    nock(BASE)
      .head(PATH)
      .matchHeader('accept', (v) =>
        [
          'application/vnd.docker.distribution.manifest.v2+json',
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.oci.image.index.v1+json',
        ].every((t) => (v ?? '').includes(t)),
      )
      .reply(200, '', { 'docker-content-digest': DIGEST });
    expect(await client().findManifest('shop/web', 'abc')).toEqual({ digest: DIGEST });
  });

  it('is undefined for a tag the registry does not have', async () => {
    nock(BASE).head(PATH).reply(404);
    expect(await client().findManifest('shop/web', 'abc')).toBeUndefined();
  });

  it('retries 5xx answers, then succeeds', async () => {
    nock(BASE)
      .head(PATH)
      .reply(503)
      .head(PATH)
      .reply(502)
      .head(PATH)
      .reply(200, '', { 'docker-content-digest': DIGEST });
    const retries: string[] = [];
    const found = await client({ onRetry: (r) => retries.push(r.reason) }).findManifest('shop/web', 'abc');
    expect(found).toEqual({ digest: DIGEST });
    expect(retries).toEqual([`HEAD ${BASE}${PATH}: HTTP 503`, `HEAD ${BASE}${PATH}: HTTP 502`]);
  });

  it('retries a connection reset', async () => {
    nock(BASE)
      .head(PATH)
      .replyWithError(reset('ECONNRESET'))
      .head(PATH)
      .reply(200, '', { 'docker-content-digest': DIGEST });
    expect(await client().findManifest('shop/web', 'abc')).toEqual({ digest: DIGEST });
  });

  it('waits as long as Retry-After says on 429', async () => {
    const clock = new FakeClock();
    const started = clock.now();
    nock(BASE)
      .head(PATH)
      .reply(429, '', { 'retry-after': '7' })
      .head(PATH)
      .reply(200, '', { 'docker-content-digest': DIGEST });
    await client({ clock }).findManifest('shop/web', 'abc');
    expect(clock.now() - started).toBe(7_000);
  });

  it('gives up after the retries, with the last error', async () => {
    nock(BASE).head(PATH).times(3).reply(500);
    await expect(client({ retries: 2 }).findManifest('shop/web', 'abc')).rejects.toThrow(
      `HEAD ${BASE}${PATH}: HTTP 500`,
    );
  });

  it('does not retry a client error', async () => {
    nock(BASE)
      .get(PATH)
      .reply(400, { errors: [{ code: 'TAG_INVALID', message: 'manifest tag did not match URI' }] });
    const error = await client()
      .getManifest('shop/web', 'abc')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).message).toBe(
      `GET ${BASE}${PATH}: HTTP 400 TAG_INVALID: manifest tag did not match URI`,
    );
  });

  it('computes the digest from the body when HEAD leaves the header off', async () => {
    const body = '{"schemaVersion":2}';
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    nock(BASE)
      .head(PATH)
      .reply(200)
      .get(PATH)
      .reply(200, body, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
    expect(await client().findManifest('shop/web', 'abc')).toEqual({ digest });
  });

  it('refuses a manifest whose bytes do not match the digest the registry states', async () => {
    nock(BASE).get(PATH).reply(200, '{}', { 'docker-content-digest': DIGEST });
    await expect(client().getManifest('shop/web', 'abc')).rejects.toThrow(
      /has digest sha256:[a-f0-9]{64}, not sha256:e{64} as stated/,
    );
  });
});

describe('registry authentication', () => {
  it('answers a Basic challenge with the credentials', async () => {
    nock(BASE)
      .head(PATH)
      .reply(401, '', { 'www-authenticate': 'Basic realm="Registry Realm"' })
      .head(PATH)
      .matchHeader('authorization', BASIC)
      .reply(200, '', { 'docker-content-digest': DIGEST });
    const registry = client({ credentials: { username: 'ci', password: 'pw' } });
    expect(await registry.findManifest('shop/web', 'abc')).toEqual({ digest: DIGEST });
    // The next call sends the credentials right away.
    nock(BASE)
      .head(PATH)
      .matchHeader('authorization', BASIC)
      .reply(200, '', { 'docker-content-digest': DIGEST });
    await registry.findManifest('shop/web', 'abc');
  });

  it('gets a scoped Bearer token from the realm, as Docker Hub and GHCR want', async () => {
    nock(BASE)
      .head(PATH)
      .reply(401, '', {
        'www-authenticate':
          'Bearer realm="http://auth.test/token",service="registry.test",scope="repository:shop/web:pull"',
      })
      .head(PATH)
      .matchHeader('authorization', 'Bearer t0ken-value')
      .reply(200, '', { 'docker-content-digest': DIGEST });
    nock('http://auth.test')
      .get('/token')
      .query({ service: 'registry.test', scope: 'repository:shop/web:pull' })
      .matchHeader('authorization', BASIC)
      .reply(200, { token: 't0ken-value' });
    expect(
      await client({ credentials: { username: 'ci', password: 'pw' } }).findManifest('shop/web', 'abc'),
    ).toEqual({ digest: DIGEST });
  });

  it('asks for push scope when putting a manifest', async () => {
    const challenge = { 'www-authenticate': 'Bearer realm="http://auth.test/token",service="registry.test"' };
    nock(BASE)
      .put('/v2/shop/web/manifests/main', '{"a":1}')
      .reply(401, '', challenge)
      .put('/v2/shop/web/manifests/main', '{"a":1}')
      .matchHeader('authorization', 'Bearer push-token')
      .matchHeader('content-type', 'application/vnd.oci.image.manifest.v1+json')
      .reply(201, '', { 'docker-content-digest': DIGEST });
    nock('http://auth.test')
      .get('/token')
      .query({ service: 'registry.test', scope: 'repository:shop/web:pull,push' })
      .reply(200, { access_token: 'push-token' });
    const manifest = {
      digest: DIGEST,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      body: Buffer.from('{"a":1}'),
    };
    expect(await client().putManifest('shop/web', 'main', manifest)).toBe(DIGEST);
  });

  it('says so when the registry refuses the credentials', async () => {
    nock(BASE).head(PATH).times(2).reply(401, '', { 'www-authenticate': 'Basic realm="r"' });
    await expect(
      client({ credentials: { username: 'ci', password: 'wrong' } }).findManifest('shop/web', 'abc'),
    ).rejects.toThrow(`HEAD ${BASE}${PATH}: the registry refused the credentials`);
  });

  it('says so when credentials are needed but none were given', async () => {
    nock(BASE).head(PATH).reply(401, '', { 'www-authenticate': 'Basic realm="r"' });
    await expect(client().findManifest('shop/web', 'abc')).rejects.toThrow(
      'the registry needs credentials, and none were given',
    );
  });

  it('masks the token it gets', async () => {
    nock('http://auth.test').get('/token').query(true).reply(200, { token: 'secret-token-1' });
    const masked: string[] = [];
    const challenge = parseChallenge('Bearer realm="http://auth.test/token",service="s"');
    const token = await fetchBearerToken(
      challenge!,
      'repository:a:pull',
      undefined,
      AbortSignal.timeout(5000),
      (v) => masked.push(v),
    );
    expect(token).toBe('secret-token-1');
    expect(masked).toEqual(['secret-token-1']);
  });

  it('explains a token service that refuses', async () => {
    nock('http://auth.test').get('/token').query(true).reply(401);
    const challenge = parseChallenge('Bearer realm="http://auth.test/token"');
    await expect(
      fetchBearerToken(
        challenge!,
        'repository:a:pull',
        undefined,
        AbortSignal.timeout(5000),
        () => undefined,
      ),
    ).rejects.toThrow('the token service http://auth.test answered 401: it refused the username or password');
  });

  it('parses challenges with quoted and bare values', () => {
    expect(
      parseChallenge('Bearer realm="https://a/token",service=registry,scope="repository:x:pull,push"'),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://a/token', service: 'registry', scope: 'repository:x:pull,push' },
    });
    expect(parseChallenge('Basic realm="x"')?.scheme).toBe('basic');
    expect(parseChallenge('Negotiate')).toBeUndefined();
    expect(parseChallenge(null)).toBeUndefined();
  });
});
