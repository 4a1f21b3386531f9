// Credentials an earlier step stored with `docker login` (e.g. docker/login-action): read from the
// docker config, or from its credential helper, so the registry API can ask for digests too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { maskSecret } from '@shipline/toolkit';
import type { Exec } from './exec.js';
import type { RegistryCredentials } from './registry-auth.js';

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'), 'config.json');
}

/** The keys docker may have stored a host's login under. */
function keysFor(host: string): string[] {
  if (host === 'docker.io') return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io'];
  return [host, `https://${host}`, `http://${host}`];
}

function decode(auth: string | undefined): RegistryCredentials | undefined {
  if (!auth) return undefined;
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon > 0 ? { username: text.slice(0, colon), password: text.slice(colon + 1) } : undefined;
}

/** Stored credentials for `host`, masked as soon as they are read; undefined when there are none. */
export async function storedCredentials(
  host: string,
  exec: Exec,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistryCredentials | undefined> {
  let config: DockerConfig;
  try {
    config = JSON.parse(fs.readFileSync(dockerConfigPath(env), 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
  const keys = keysFor(host);
  const helper = keys.map((key) => config.credHelpers?.[key]).find(Boolean) ?? config.credsStore;
  let found: RegistryCredentials | undefined;
  if (helper) {
    const result = await exec(`docker-credential-${helper}`, ['get'], { input: keys[0] }).catch(
      () => undefined,
    );
    try {
      const answer = JSON.parse(result?.exitCode === 0 ? result.stdout : '{}') as {
        Username?: string;
        Secret?: string;
      };
      if (answer.Username && answer.Secret) found = { username: answer.Username, password: answer.Secret };
    } catch {
      // A helper that answers something else has nothing for us.
    }
  }
  if (!found) {
    const entry = keys.map((key) => config.auths?.[key]).find(Boolean);
    found =
      decode(entry?.auth) ??
      (entry?.username && entry.password
        ? { username: entry.username, password: entry.password }
        : undefined);
  }
  if (found) maskSecret(found.password);
  return found;
}
