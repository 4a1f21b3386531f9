// The registry side of a run: log in, find an image already built for this commit (and point the
// other tags at it), and read the digest the registry stores after a push.
import {
  dockerLogin,
  findExistingImage,
  pointTags,
  resolveRegistryAccess,
  tagRef,
  type RegistryAccess,
} from '@shipline/docker';
import type { ActionLog } from '@shipline/toolkit';
import type { RunDeps, RunOptions } from './types.js';

/** The registry access of this run (undefined when it needs none), logged in when there is a login. */
export async function connect(options: RunOptions, deps: RunDeps): Promise<RegistryAccess | undefined> {
  // Without a push the registry is only needed to pull private base images with given credentials.
  if (!options.push && (options.credentials === undefined || options.registryType !== 'generic'))
    return undefined;
  const access = await resolveRegistryAccess({
    image: options.image,
    registryType: options.registryType,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(deps.ecr ? { ecr: deps.ecr } : {}),
    exec: deps.exec,
    retries: options.retries,
    signal: deps.signal,
    ...(deps.clock ? { clock: deps.clock } : {}),
    log: deps.log,
  });
  if (access.login) {
    deps.recordLogin(access.login.server);
    await dockerLogin(deps.exec, access.login, deps.signal);
    deps.log.info(`Logged in to ${access.login.server} as ${access.login.username}`);
  }
  return access;
}

export interface Existing {
  digest: string;
  /** Tags that were moved to the existing image. */
  retagged: string[];
}

/** When the immutable tag is in the registry already: its digest, with the other tags pointed at it. */
export async function findBuilt(access: RegistryAccess, options: RunOptions, log: ActionLog) {
  const { image, tags } = options;
  if (!tags.immutable) {
    log.warning('skip-existing is on, but no tag comes from {{sha}} or {{sha-short}}: building every time');
    return undefined;
  }
  const ref = tagRef(image, tags.immutable);
  const existing = await findExistingImage(access, image, tags.immutable);
  if (!existing) {
    log.info(`${ref} is not in the registry yet: building`);
    return undefined;
  }
  log.info(`${ref} exists already (${existing.digest}): nothing to build`);
  const others = tags.tags.filter((tag) => tag !== tags.immutable);
  const pointed = await pointTags(access, image, existing.digest, others).catch((error: Error) => {
    throw new Error(`${ref} exists, but the other tags could not be pointed at it: ${error.message}`);
  });
  pointed.moved.forEach((tag) => log.info(`${tagRef(image, tag)} now points at ${existing.digest}`));
  return { digest: existing.digest, retagged: pointed.moved } satisfies Existing;
}

/** The digest the registry stores for the pushed primary tag; other tags should match it. */
export async function pushedDigest(
  access: RegistryAccess,
  options: RunOptions,
  primaryTag: string,
  log: ActionLog,
): Promise<string> {
  const { image } = options;
  const ref = tagRef(image, primaryTag);
  const found = await access.api.findManifest(image.repository, primaryTag).catch((error: Error) => {
    throw new Error(`Pushed ${ref}, but could not read its digest from the registry: ${error.message}`);
  });
  if (!found) throw new Error(`Pushed ${ref}, but the registry has no manifest for it: no digest to report`);
  for (const tag of options.tags.tags.filter((t) => t !== primaryTag)) {
    const other = await access.api.findManifest(image.repository, tag).catch(() => undefined);
    if (other?.digest !== found.digest) {
      log.warning(
        `${tagRef(image, tag)} points at ${other?.digest ?? 'nothing'}, not ${found.digest} (another push?)`,
      );
    }
  }
  return found.digest;
}
