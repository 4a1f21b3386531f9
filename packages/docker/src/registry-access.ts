// How to reach an image's registry: the docker login to make (ECR token or username/password) and
// an HTTP API client with the same credentials, for existence checks, digests and retagging.
import type { ActionLog, Clock } from '@shipline/toolkit';
import { storedCredentials } from './docker-config.js';
import type { EcrApi } from './ecr.js';
import type { Exec } from './exec.js';
import { registryApiBase, type ImageName } from './image-ref.js';
import { loginServer, type RegistryLogin } from './login.js';
import type { RegistryCredentials } from './registry-auth.js';
import { RegistryClient } from './registry-client.js';
import { parseEcrHost, type RegistryType } from './registry-type.js';

export interface RegistryAccess {
  registryType: RegistryType;
  /** The docker login to make; undefined when none is needed (or asked for). */
  login?: RegistryLogin;
  api: RegistryClient;
  /** ECR: the API for DescribeImages, and the account when the host names one. */
  ecr?: { api: EcrApi; registryId?: string };
}

export interface AccessOptions {
  image: ImageName;
  registryType: RegistryType;
  credentials?: RegistryCredentials;
  ecr?: EcrApi;
  /** To read credentials an earlier step stored with docker login (registry-type none, or no username). */
  exec?: Exec;
  retries: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Retries and a login for another host than the image's are reported here. */
  log: ActionLog;
}

function client(baseUrl: string, options: AccessOptions, credentials?: RegistryCredentials) {
  return new RegistryClient({
    baseUrl,
    retries: options.retries,
    ...(credentials ? { credentials } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    onRetry: ({ attempt, delayMs, reason }) =>
      options.log.info(`registry request failed (attempt ${attempt}): ${reason}; again in ${delayMs} ms`),
  });
}

export async function resolveRegistryAccess(options: AccessOptions): Promise<RegistryAccess> {
  const { image, registryType } = options;
  if (registryType === 'ecr') {
    if (!options.ecr) throw new Error('registry-type ecr needs an ECR client');
    const registryId = parseEcrHost(image.host)?.accountId;
    const auth = await options.ecr.authorize(registryId);
    const server = loginServer(auth.endpoint);
    if (server !== image.host) {
      options.log.warning(
        `ECR handed out a login for ${server}, but the image is on ${image.host}: the push may be refused`,
      );
    }
    const credentials = { username: auth.username, password: auth.password };
    const baseUrl = /^[a-z]+:\/\//i.test(auth.endpoint) ? auth.endpoint : `https://${auth.endpoint}`;
    return {
      registryType,
      login: { server, ...credentials },
      api: client(baseUrl, options, credentials),
      ecr: { api: options.ecr, ...(registryId ? { registryId } : {}) },
    };
  }
  const credentials = registryType === 'generic' ? options.credentials : undefined;
  // Without credentials of its own the API uses what an earlier `docker login` stored, if anything.
  const stored = credentials || !options.exec ? undefined : await storedCredentials(image.host, options.exec);
  return {
    registryType,
    ...(credentials ? { login: { server: image.host, ...credentials } } : {}),
    api: client(registryApiBase(image.host), options, credentials ?? stored),
  };
}

/** The digest of image:tag when the registry has it (ECR: DescribeImages; others: HTTP API HEAD). */
export async function findExistingImage(
  access: RegistryAccess,
  image: ImageName,
  tag: string,
): Promise<{ digest: string } | undefined> {
  if (access.ecr) {
    const found = await access.ecr.api.findImage(image.repository, tag, access.ecr.registryId);
    return found.exists ? { digest: found.digest } : undefined;
  }
  return access.api.findManifest(image.repository, tag);
}

/**
 * Points more tags at an image already in the registry, without pulling or building: the manifest
 * is copied under each tag (blobs stay where they are). Tags already on that digest are left alone.
 */
export async function pointTags(
  access: RegistryAccess,
  image: ImageName,
  digest: string,
  tags: string[],
): Promise<{ moved: string[]; unchanged: string[] }> {
  const moved: string[] = [];
  const unchanged: string[] = [];
  let manifest: Awaited<ReturnType<RegistryClient['getManifest']>> | undefined;
  for (const tag of tags) {
    const current = await access.api.findManifest(image.repository, tag);
    if (current?.digest === digest) {
      unchanged.push(tag);
      continue;
    }
    manifest ??= await access.api.getManifest(image.repository, digest);
    await access.api.putManifest(image.repository, tag, manifest);
    moved.push(tag);
  }
  return { moved, unchanged };
}
