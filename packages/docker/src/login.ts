// docker login / logout. The password travels on stdin (--password-stdin), never in argv, where
// any process on the runner could read it.
import type { Exec } from './exec.js';

export interface RegistryLogin {
  /** The server as docker keys its credentials: host[:port] (a URL's scheme and path are dropped). */
  server: string;
  username: string;
  password: string;
}

export class LoginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoginError';
  }
}

/** `https://123.dkr.ecr.eu-west-1.amazonaws.com` → `123.dkr.ecr.eu-west-1.amazonaws.com` */
export function loginServer(endpoint: string): string {
  const withoutScheme = endpoint.replace(/^[a-z]+:\/\//i, '');
  return withoutScheme.replace(/\/.*$/, '');
}

const REASONS: [RegExp, string][] = [
  [
    /401|unauthorized|incorrect username or password|authentication required/i,
    'the registry refused the username or password',
  ],
  [/denied/i, 'the registry denied access to this user'],
  [/Cannot connect to the Docker daemon|docker daemon is not running/i, 'no Docker daemon is reachable'],
  [
    /connection refused|no such host|i\/o timeout|network is unreachable/i,
    'the registry could not be reached',
  ],
  [
    /server gave HTTP response to HTTPS client/i,
    'the registry speaks plain HTTP: only loopback registries (or ones listed as insecure in dockerd) can be used',
  ],
  [/x509|certificate/i, "the registry's TLS certificate is not trusted"],
];

export function explainLoginFailure(output: string): string {
  const said = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^WARNING!|credential-store|credential helper/i.test(line))
    .slice(-2)
    .join(' / ');
  const reason = REASONS.find(([pattern]) => pattern.test(output))?.[1] ?? 'docker login failed';
  return `${reason} (docker said: ${said || 'nothing'})`;
}

export async function dockerLogin(exec: Exec, login: RegistryLogin, signal?: AbortSignal): Promise<void> {
  const result = await exec(
    'docker',
    ['login', login.server, '--username', login.username, '--password-stdin'],
    { input: login.password, signal },
  );
  if (result.exitCode !== 0) {
    const output = `${result.stdout}\n${result.stderr}`;
    throw new LoginError(
      `Could not log in to ${login.server} as ${JSON.stringify(login.username)}: ${explainLoginFailure(output)}`,
    );
  }
}

/** Logs out; never throws (a post step must go on with the next registry). */
export async function dockerLogout(exec: Exec, server: string): Promise<{ ok: boolean; message: string }> {
  try {
    const result = await exec('docker', ['logout', server]);
    const said = `${result.stdout}\n${result.stderr}`.trim().split(/\r?\n/).pop() ?? '';
    return { ok: result.exitCode === 0, message: said };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
