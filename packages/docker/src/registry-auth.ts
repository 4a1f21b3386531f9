// Registry authentication as the distribution registry does it: a 401 names the scheme in
// WWW-Authenticate; Basic takes the credentials directly, Bearer sends them to the token realm
// (https://distribution.github.io/distribution/spec/auth/token/) for a scoped token.
import { maskSecret } from '@shipline/toolkit';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

/** `Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull"` */
export function parseChallenge(header: string | null | undefined): Challenge | undefined {
  const match = /^\s*(basic|bearer)\b(.*)$/i.exec(header ?? '');
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of (match[2] as string).matchAll(
    /([a-z_]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/gi,
  )) {
    params[(key as string).toLowerCase()] = quoted ?? bare ?? '';
  }
  return { scheme: (match[1] as string).toLowerCase() as Challenge['scheme'], params };
}

export function basicAuthorization(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

export class RegistryAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryAuthError';
  }
}

/** Asks the token realm for a token with `scope`; the token is masked before anything can log it. */
export async function fetchBearerToken(
  challenge: Challenge,
  scope: string,
  credentials: RegistryCredentials | undefined,
  signal: AbortSignal,
  mask: (value: string) => void = (value) => maskSecret(value),
): Promise<string> {
  const realm = challenge.params.realm;
  if (!realm) throw new RegistryAuthError('the registry asked for a token but named no realm to get it from');
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  url.searchParams.set('scope', scope);
  const headers: Record<string, string> = {};
  if (credentials) headers.authorization = basicAuthorization(credentials);
  const response = await fetch(url, { headers, signal });
  if (!response.ok) {
    throw new RegistryAuthError(
      `the token service ${url.origin} answered ${response.status}` +
        (response.status === 401 ? ': it refused the username or password' : ''),
    );
  }
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
  const token = typeof body.token === 'string' ? body.token : body.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new RegistryAuthError(`the token service ${url.origin} answered without a token`);
  }
  mask(token);
  return token;
}
