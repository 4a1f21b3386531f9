// A small client of the registry HTTP API v2: manifests by tag or digest (HEAD for the
// Docker-Content-Digest, GET for the body, PUT to add a tag), with Basic and Bearer token auth and
// retries on transient failures (5xx, 429, connection resets), honouring Retry-After.
import { createHash } from 'node:crypto';
import { retry, type Clock } from '@shipline/toolkit';
import {
  basicAuthorization,
  fetchBearerToken,
  parseChallenge,
  RegistryAuthError,
  type RegistryCredentials,
} from './registry-auth.js';
import { errorOf, networkError, RegistryError } from './registry-errors.js';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

export interface RegistryClientOptions {
  /** `http://127.0.0.1:5000`, `https://123.dkr.ecr.eu-west-1.amazonaws.com` */
  baseUrl: string;
  credentials?: RegistryCredentials;
  /** Extra attempts after a transient failure. Default 3. */
  retries?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  clock?: Clock;
  baseDelayMs?: number;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface Manifest {
  digest: string;
  mediaType: string;
  body: Buffer;
}

const digestOf = (body: Buffer) => `sha256:${createHash('sha256').update(body).digest('hex')}`;

export class RegistryClient {
  private readonly base: string;
  private readonly authorizations = new Map<string, string>();

  constructor(private readonly options: RegistryClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  /** HEAD a manifest: its digest as the registry stores it, or undefined when the tag is not there. */
  async findManifest(repository: string, reference: string): Promise<{ digest: string } | undefined> {
    const response = await this.request('HEAD', repository, `manifests/${reference}`, 'pull', [404]);
    if (response.status === 404) return undefined;
    const digest = response.headers.get('docker-content-digest');
    if (digest && /^sha256:[a-f0-9]{64}$/.test(digest)) return { digest };
    // Some registries leave the header off HEAD answers: the digest is the hash of the manifest bytes.
    return { digest: (await this.getManifest(repository, reference)).digest };
  }

  async getManifest(repository: string, reference: string): Promise<Manifest> {
    const response = await this.request('GET', repository, `manifests/${reference}`, 'pull');
    const body = Buffer.from(await response.arrayBuffer());
    const digest = digestOf(body);
    const stated = response.headers.get('docker-content-digest');
    if (stated && stated !== digest) {
      throw new RegistryError(
        `manifest ${reference} has digest ${digest}, not ${stated} as stated`,
        200,
        undefined,
        false,
      );
    }
    return { digest, mediaType: response.headers.get('content-type') ?? '', body };
  }

  /** Puts a manifest under a tag (no blobs move: they are already in the repository). */
  async putManifest(repository: string, tag: string, manifest: Manifest): Promise<string> {
    const response = await this.request('PUT', repository, `manifests/${tag}`, 'pull,push', [], {
      'content-type': manifest.mediaType,
      body: manifest.body,
    });
    return response.headers.get('docker-content-digest') ?? manifest.digest;
  }

  private request(
    method: string,
    repository: string,
    path: string,
    actions: string,
    accepted: number[] = [],
    send?: { 'content-type': string; body: Buffer },
  ): Promise<Response> {
    const url = `${this.base}/v2/${repository}/${path}`;
    const scope = `repository:${repository}:${actions}`;
    return retry(() => this.attempt(method, url, scope, accepted, send), {
      attempts: (this.options.retries ?? 3) + 1,
      baseDelayMs: this.options.baseDelayMs ?? 500,
      retryable: (error) => error instanceof RegistryError && error.transient,
      retryAfterMs: (error) => (error as RegistryError).retryAfterMs,
      onRetry: ({ attempt, delayMs, error }) =>
        this.options.onRetry?.({ attempt, delayMs, reason: (error as Error).message }),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      ...(this.options.clock ? { clock: this.options.clock } : {}),
    });
  }

  private async attempt(
    method: string,
    url: string,
    scope: string,
    accepted: number[],
    send?: { 'content-type': string; body: Buffer },
  ): Promise<Response> {
    let response = await this.fetch(method, url, scope, send);
    if (response.status === 401) {
      await this.authorize(response, scope);
      response = await this.fetch(method, url, scope, send);
    }
    if (response.ok || accepted.includes(response.status)) return response;
    throw await errorOf(method, url, response);
  }

  private async fetch(
    method: string,
    url: string,
    scope: string,
    send?: { 'content-type': string; body: Buffer },
  ) {
    const headers: Record<string, string> = { accept: MANIFEST_TYPES.join(', ') };
    const authorization = this.authorizations.get(scope);
    if (authorization) headers.authorization = authorization;
    if (send) headers['content-type'] = send['content-type'];
    const signal = this.requestSignal();
    try {
      return await fetch(url, {
        method,
        headers,
        signal,
        ...(send ? { body: new Uint8Array(send.body) } : {}),
      });
    } catch (error) {
      if (this.options.signal?.aborted) throw error;
      throw networkError(method, url, error);
    }
  }

  /** Each request ends at the timeout or on cancellation, whichever comes first. */
  private requestSignal(): AbortSignal {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    return this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
  }

  private async authorize(response: Response, scope: string): Promise<void> {
    const challenge = parseChallenge(response.headers.get('www-authenticate'));
    const credentials = this.options.credentials;
    await response.arrayBuffer().catch(() => undefined);
    if (challenge?.scheme === 'bearer') {
      const token = await fetchBearerToken(challenge, scope, credentials, this.requestSignal());
      this.authorizations.set(scope, `Bearer ${token}`);
    } else if (credentials) {
      this.authorizations.set(scope, basicAuthorization(credentials));
    } else {
      throw new RegistryAuthError('the registry needs credentials, and none were given');
    }
  }
}
