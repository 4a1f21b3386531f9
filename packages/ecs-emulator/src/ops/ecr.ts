// The ECR subset: GetAuthorizationToken for the local registry, and DescribeImages asked of it.
import { ApiError, invalidParameter, serverError } from '../errors.js';
import type { Json } from '../model.js';
import { requiredString } from '../params.js';
import type { ManifestLookup, RegistryClient } from '../registry.js';
import type { OpContext, Operation } from './context.js';

function requireRegistry(ctx: OpContext): RegistryClient {
  if (!ctx.registry) {
    throw invalidParameter(
      'The ECS emulator has no local registry configured: start it with --registry <url> ' +
        '(or registry: { url } in startEmulator) to use ECR operations.',
    );
  }
  return ctx.registry;
}

export const getAuthorizationToken: Operation = (ctx) => {
  const registry = requireRegistry(ctx);
  const { username, password } = registry.config;
  const token = Buffer.from(`${username ?? 'AWS'}:${password ?? 'emulator'}`).toString('base64');
  return {
    authorizationData: [
      {
        authorizationToken: token,
        expiresAt: Date.now() / 1000 + 12 * 3600,
        proxyEndpoint: registry.config.url.replace(/\/$/, ''),
      },
    ],
  };
};

async function lookup(
  registry: RegistryClient,
  repository: string,
  reference: string,
): Promise<ManifestLookup> {
  try {
    return await registry.lookupManifest(repository, reference);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw serverError(`The local registry ${registry.config.url} could not be reached: ${cause}`);
  }
}

export const describeImages: Operation = async (ctx, body) => {
  const registry = requireRegistry(ctx);
  const repositoryName = requiredString(body, 'repositoryName');
  const registryId = typeof body.registryId === 'string' ? body.registryId : ctx.world.ctx.accountId;
  const repositoryMissing = () =>
    new ApiError(
      'RepositoryNotFoundException',
      `The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`,
    );
  let ids = body.imageIds as Json[] | undefined;
  if (ids !== undefined && (!Array.isArray(ids) || ids.length === 0)) {
    throw invalidParameter('imageIds must be a non-empty list of {imageTag} or {imageDigest}.');
  }
  if (ids === undefined) {
    const tags = await registry.listTags(repositoryName).catch((error: Error) => {
      throw serverError(`The local registry ${registry.config.url} could not be reached: ${error.message}`);
    });
    if (!Array.isArray(tags)) {
      if (tags.code === 'NAME_UNKNOWN') throw repositoryMissing();
      throw serverError(`The local registry answered ${tags.code}: ${tags.message}`);
    }
    ids = tags.slice(0, 100).map((imageTag) => ({ imageTag }));
  }
  const byDigest = new Map<string, Json>();
  for (const id of ids) {
    const tag = typeof id?.imageTag === 'string' ? id.imageTag : undefined;
    const digest = typeof id?.imageDigest === 'string' ? id.imageDigest : undefined;
    const reference = tag ?? digest;
    if (!reference) throw invalidParameter('Each imageId needs an imageTag or an imageDigest.');
    const found = await lookup(registry, repositoryName, reference);
    if (!found.exists) {
      if (found.code === 'NAME_UNKNOWN') throw repositoryMissing();
      if (found.code === 'UNAUTHORIZED')
        throw invalidParameter(`The local registry refused access: ${found.message}`);
      throw new ApiError(
        'ImageNotFoundException',
        `The image with imageId {imageDigest:'${digest ?? 'null'}', imageTag:'${tag ?? 'null'}'} does not exist ` +
          `within the repository with name '${repositoryName}' in the registry with id '${registryId}'`,
      );
    }
    const key = found.digest ?? reference;
    const detail = byDigest.get(key) ?? {
      registryId,
      repositoryName,
      imageDigest: found.digest,
      imageTags: [],
      ...(found.size === undefined ? {} : { imageSizeInBytes: found.size }),
      ...(found.mediaType === undefined ? {} : { imageManifestMediaType: found.mediaType }),
    };
    if (tag && !(detail.imageTags as string[]).includes(tag)) (detail.imageTags as string[]).push(tag);
    byDigest.set(key, detail);
  }
  return { imageDetails: [...byDigest.values()] };
};
