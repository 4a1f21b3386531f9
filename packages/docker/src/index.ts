// The docker package's public face: builds with buildx or the classic builder, pushes, registries, ECR.
export {
  BASE_IMAGE,
  BASE_IMAGE_ALIASES,
  ensureNodeBaseImage,
  type BaseImage,
  type BaseImageOptions,
} from './base-image/node-base-image.js';
export { buildxBuildAndPush, parseBuildxMetadata } from './buildx-build.js';
export {
  buildxBuildArgs,
  classicBuildArgs,
  classicPushArgs,
  CLASSIC_BUILD_ENV,
  type BuildSpec,
} from './build-command.js';
export { BuildError, type BuildJob, type BuildResult } from './build-job.js';
export {
  buildxBuilder,
  CLASSIC,
  describeBuilder,
  detectBuilder,
  parseBuildxDriver,
  parseBuildxVersion,
  type Builder,
} from './builder.js';
export {
  buildxCacheArgs,
  cacheExportProblems,
  cacheImageRef,
  cacheSettings,
  CACHE_MODES,
  type CacheMode,
  type CacheSettings,
  type CacheStore,
} from './cache.js';
export { classicBuildAndPush } from './classic-build.js';
export { exportClassicCache, parseLoadedImage, prepareClassicCache } from './classic-cache.js';
export { dockerConfigPath, storedCredentials } from './docker-config.js';
export { ecrApi, EcrError, type EcrApi, type EcrAuthorization, type EcrImageLookup } from './ecr.js';
export {
  CommandNotFoundError,
  lastLines,
  spawnExec,
  type Exec,
  type ExecOptions,
  type ExecResult,
} from './exec.js';
export { describeRef, gitContextFromEnv, semverOf, type GitContext, type RefKind } from './git-ref.js';
export {
  digestRef,
  ImageNameError,
  imageNameCredentials,
  isDigest,
  isLoopbackHost,
  isValidTag,
  parseImageName,
  registryApiBase,
  tagRef,
  TAG_PATTERN,
  type ImageName,
} from './image-ref.js';
export { formatSize, imageSize, type ImageSize } from './image-size.js';
export { mergeLabels, OCI, ociLabels, versionOf } from './labels.js';
export { adoptExportedCache, restoreLocalCache, saveLocalCache, type CacheOutcome } from './local-cache.js';
export {
  dockerLogin,
  dockerLogout,
  explainLoginFailure,
  LoginError,
  loginServer,
  type RegistryLogin,
} from './login.js';
export { pushTag, PushError, withPushRetries, type PushRetryOptions, type RetryNotice } from './push.js';
export { explainPushFailure, isTransientPushError, parsePushDigest } from './push-errors.js';
export {
  findExistingImage,
  pointTags,
  resolveRegistryAccess,
  type AccessOptions,
  type RegistryAccess,
} from './registry-access.js';
export {
  basicAuthorization,
  fetchBearerToken,
  parseChallenge,
  RegistryAuthError,
  type Challenge,
  type RegistryCredentials,
} from './registry-auth.js';
export {
  MANIFEST_TYPES,
  RegistryClient,
  type Manifest,
  type RegistryClientOptions,
} from './registry-client.js';
export { RegistryError } from './registry-errors.js';
export {
  inferRegistryType,
  parseEcrHost,
  REGISTRY_TYPES,
  type EcrHost,
  type RegistryType,
} from './registry-type.js';
export {
  DEFAULT_TAGS,
  FORCED_LATEST,
  resolveTags,
  sanitizeTag,
  TagTemplateError,
  TAG_VARIABLES,
  type ResolvedTags,
} from './tags.js';
