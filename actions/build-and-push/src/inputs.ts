// Every input, read and validated before anything runs; all bad ones are reported together.
import {
  CACHE_MODES,
  inferRegistryType,
  REGISTRY_TYPES,
  type CacheMode,
  type GitContext,
  type ImageName,
  type RegistryCredentials,
  type RegistryType,
  type ResolvedTags,
} from '@shipline/docker';
import {
  maskSecret,
  readBoolean,
  readEnum,
  readInputs,
  readInteger,
  readList,
  readMap,
  readString,
  readWorkspacePath,
} from '@shipline/toolkit';
import {
  checkCredentials,
  ecrRegion,
  readDockerfile,
  readImage,
  readSecretMap,
  readTags,
  workspace,
} from './input-readers.js';

export interface ActionInputs {
  context: string;
  dockerfile: string;
  image: ImageName;
  tags: ResolvedTags;
  labels: Map<string, string>;
  buildArgs: Map<string, string>;
  secrets: Map<string, string>;
  target?: string;
  platforms: string[];
  push: boolean;
  registryType: RegistryType;
  credentials?: RegistryCredentials;
  /** ECR only: the region of the API calls. */
  region?: string;
  cache: CacheMode;
  skipExisting: boolean;
  retries: number;
}

export function readActionInputs(git: GitContext): ActionInputs {
  // Readers run in order; later ones look at what earlier ones parsed (undefined when they failed).
  const got: Partial<ActionInputs> & { username?: string; password?: string; givenType?: RegistryType } = {};
  const keep =
    <K extends keyof typeof got, T extends (typeof got)[K]>(key: K, read: () => T) =>
    (): T =>
      (got[key] = read());
  const inputs = readInputs({
    context: keep('context', () =>
      readWorkspacePath('context', { default: workspace(), mustExist: 'directory', example: 'services/api' }),
    ),
    dockerfile: () => readDockerfile(got.context),
    image: keep('image', readImage),
    tags: () => readTags(git),
    labels: () =>
      readMap('labels', {
        key: /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
        keyHint: 'a label key such as com.example.team',
        example: 'com.example.team=payments',
      }) ?? new Map(),
    buildArgs: () =>
      readMap('build-args', {
        key: /^[A-Za-z_][A-Za-z0-9_]*$/,
        keyHint: 'a variable name (letters, digits, _)',
        example: 'NODE_VERSION=24',
      }) ?? new Map(),
    secrets: readSecretMap,
    target: () =>
      readString('target', {
        pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
        patternHint: 'a build stage name',
        example: 'runtime',
      }),
    platforms: () =>
      readList('platforms', {
        item: /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/,
        itemHint: 'os/arch[/variant]',
        example: 'linux/amd64,linux/arm64',
      }) ?? [],
    push: keep('push', () => readBoolean('push', { default: true })),
    givenType: keep('givenType', () => readEnum('registry-type', REGISTRY_TYPES, { example: 'ecr' })),
    username: keep('username', () => readString('username', { example: 'ci-bot' })),
    password: keep('password', () => {
      const password = readString('password', { secret: true, example: '${{ secrets.REGISTRY_PASSWORD }}' });
      maskSecret(password);
      return password;
    }),
    credentialsCheck: () =>
      checkCredentials(
        got.givenType ?? (got.image && inferRegistryType(got.image)),
        got.username,
        got.password,
      ),
    // Only a push talks to ECR (login, DescribeImages): only then is a region needed.
    region: () =>
      (got.givenType ?? (got.image && inferRegistryType(got.image))) === 'ecr' &&
      got.image &&
      got.push !== false
        ? ecrRegion(got.image)
        : undefined,
    cache: () => readEnum('cache', CACHE_MODES, { default: 'none' as CacheMode }),
    skipExisting: () => readBoolean('skip-existing', { default: true }),
    retries: () => readInteger('retries', { default: 3, min: 0, max: 10 }),
  });
  const { givenType, username, password, credentialsCheck: _check, region, ...rest } = inputs;
  return {
    ...rest,
    registryType: givenType ?? inferRegistryType(inputs.image),
    ...(username !== undefined && password !== undefined ? { credentials: { username, password } } : {}),
    ...(region ? { region } : {}),
    ...(rest.target === undefined ? {} : { target: rest.target }),
  };
}
